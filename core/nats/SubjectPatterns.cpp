#include "core/nats/SubjectPatterns.h"

#include "core/nats/Subject.h"

namespace natsws::nats {
namespace {

// Pattern tokens against literal subject tokens: "*" takes any one token, ">" one or more.
bool tokensMatch(const QByteArrayList &pattern, const SubjectTokens &subject)
{
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QByteArray &token = pattern.at(i);
        if (isTailToken(token))
            return i < subject.size();
        if (i >= subject.size())
            return false;
        if (!isStarToken(token) && token != subject.at(i))
            return false;
    }
    return pattern.size() == subject.size();
}

} // namespace

SubjectPatterns::SubjectPatterns(const QStringList &entries)
{
    for (const QString &entry : entries) {
        // "subject" or "subject queue", split on whitespace as nats-server's splitSubjectQueue.
        const QStringList fields = entry.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (fields.isEmpty() || fields.size() > 2)
            continue;
        const QByteArray subject = fields.at(0).toUtf8();
        const QByteArray queue = fields.size() == 2 ? fields.at(1).toUtf8() : QByteArray();
        if (!isValidSubject(subject) || (!queue.isEmpty() && !isValidSubject(queue)))
            continue;
        m_patterns.append(Pattern{subject.split('.'), queue});
    }
}

SubjectPatterns::Match SubjectPatterns::match(QByteArrayView subject) const
{
    Match result;
    if (m_patterns.isEmpty())
        return result;
    const SubjectTokens tokens = splitSubject(subject);
    for (const Pattern &pattern : m_patterns) {
        if (!tokensMatch(pattern.tokens, tokens))
            continue;
        if (pattern.queue.isEmpty())
            result.plain = true;
        else
            result.queues.append(pattern.queue);
    }
    return result;
}

bool queueMatches(QByteArrayView queue, const QByteArrayList &queues)
{
    if (queues.isEmpty())
        return true;
    for (const QByteArray &name : queues) {
        // '*' and '>' are valid queue names: the literal comparison comes first.
        if (queue == name || (subjectHasWildcard(name) && isSubsetMatch(queue, name)))
            return true;
    }
    return false;
}

bool isSubsetMatch(QByteArrayView subject, QByteArrayView pattern)
{
    const SubjectTokens tokens = splitSubject(subject);
    const SubjectTokens test = splitSubject(pattern);
    for (qsizetype i = 0; i < test.size(); ++i) {
        if (i >= tokens.size() || test.at(i).isEmpty())
            return false;
        if (isTailToken(test.at(i)))
            return true;
        const QByteArrayView token = tokens.at(i);
        if (token.isEmpty() || isTailToken(token))
            return false;
        if (isStarToken(token)) {
            if (!isStarToken(test.at(i)))
                return false;
            continue;
        }
        if (!isStarToken(test.at(i)) && token != test.at(i))
            return false;
    }
    return tokens.size() == test.size();
}

} // namespace natsws::nats
