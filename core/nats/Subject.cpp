#include "core/nats/Subject.h"

namespace natsws::nats {
namespace {

bool isSubjectWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Shared walk: every token non-empty and, when asked, no token after a ">" one.
bool tokensWellFormed(const SubjectTokens &tokens, bool tailMustBeLast)
{
    bool afterTail = false;
    for (QByteArrayView token : tokens) {
        if (token.isEmpty() || afterTail)
            return false;
        if (tailMustBeLast && isTailToken(token))
            afterTail = true;
    }
    return true;
}

} // namespace

SubjectTokens splitSubject(QByteArrayView subject)
{
    SubjectTokens tokens;
    qsizetype start = 0;
    for (qsizetype i = 0; i < subject.size(); ++i) {
        if (subject[i] == '.') {
            tokens.append(subject.sliced(start, i - start));
            start = i + 1;
        }
    }
    tokens.append(subject.sliced(start));
    return tokens;
}

bool isValidSubject(QByteArrayView subject)
{
    if (subject.isEmpty())
        return false;
    for (char c : subject) {
        if (isSubjectWhitespace(c))
            return false;
    }
    return tokensWellFormed(splitSubject(subject), true);
}

bool isValidLiteralSubject(QByteArrayView subject)
{
    const SubjectTokens tokens = splitSubject(subject);
    for (QByteArrayView token : tokens) {
        if (token.isEmpty() || isStarToken(token) || isTailToken(token))
            return false;
    }
    return true;
}

bool isValidSubscriptionSubject(QByteArrayView subject)
{
    return !subject.isEmpty() && tokensWellFormed(splitSubject(subject), true);
}

bool subjectHasWildcard(QByteArrayView subject)
{
    const SubjectTokens tokens = splitSubject(subject);
    for (QByteArrayView token : tokens) {
        if (isStarToken(token) || isTailToken(token))
            return true;
    }
    return false;
}

} // namespace natsws::nats
