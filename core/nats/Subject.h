#pragma once
// Subject syntax rules, as nats-server's sublist.go applies them. Tokens are separated by '.',
// "*" matches one token and ">" (last token only) matches one or more.
#include <QByteArrayView>
#include <QVarLengthArray>

namespace natsws::nats {

using SubjectTokens = QVarLengthArray<QByteArrayView, 16>;

// Splits on '.', keeping empty tokens (they make a subject invalid, callers decide).
SubjectTokens splitSubject(QByteArrayView subject);

// IsValidSubject: non-empty tokens, nothing after ">", no whitespace anywhere.
bool isValidSubject(QByteArrayView subject);
// IsValidLiteralSubject: non-empty tokens and no wildcard token (whitespace is not checked).
bool isValidLiteralSubject(QByteArrayView subject);
// What Sublist::insert accepts for SUB: non-empty tokens and nothing after ">".
bool isValidSubscriptionSubject(QByteArrayView subject);
// True when some whole token is "*" or ">" (no validation).
bool subjectHasWildcard(QByteArrayView subject);

inline bool isStarToken(QByteArrayView token) { return token.size() == 1 && token[0] == '*'; }
inline bool isTailToken(QByteArrayView token) { return token.size() == 1 && token[0] == '>'; }

} // namespace natsws::nats
