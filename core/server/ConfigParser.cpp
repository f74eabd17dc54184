#include "core/server/ConfigParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <limits>

namespace natsws::server {

namespace {

// nats-server follows includes without a limit; a cycle would recurse forever.
constexpr int kMaxIncludeDepth = 16;
// Arrays and maps inside each other; deeper input is refused before the stack runs out.
constexpr int kMaxNesting = 200;

bool isBlank(char c) { return c == ' ' || c == '\t'; }
bool isNewline(char c) { return c == '\n' || c == '\r'; }
bool isSpace(char c) { return isBlank(c) || isNewline(c) || c == '\v' || c == '\f'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isKeySeparator(char c) { return c == ':' || c == '='; }
bool isSizeSuffixStart(char c) { return QByteArrayView("kKmMgGtTpPeE").contains(c); }
bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Characters that end an unquoted number. nats-server's lexer does not count ']' here, which
// turns the last element of `[1, 2]` into the string "2"; natsws ends the number there.
bool endsNumber(char c, bool atEnd)
{
    return atEnd || isNewline(c) || isBlank(c) || c == '}' || c == ']' || c == ';' || c == ',';
}

// Multipliers of nats-server's size suffixes: k/m/g/... are powers of 1000, kb/ki/kib and
// friends powers of 1024. Returns 0 for an unknown suffix.
qint64 sizeMultiplier(const QByteArray &suffix)
{
    static const char kLetters[] = "kmgtpe";
    const QByteArray lower = suffix.toLower();
    if (lower.isEmpty())
        return 1;
    const char *letter = std::find(kLetters, kLetters + 6, lower.at(0));
    if (letter == kLetters + 6)
        return 0;
    const int power = int(letter - kLetters) + 1;
    const QByteArray rest = lower.mid(1);
    qint64 base = 0;
    if (rest.isEmpty())
        base = 1000;
    else if (rest == "b" || rest == "i" || rest == "ib")
        base = 1024;
    else
        return 0;
    qint64 result = 1;
    for (int i = 0; i < power; ++i)
        result *= base;
    return result;
}

QString describeChar(char c)
{
    if (c == '\n')
        return QStringLiteral("\\n");
    if (c == '\r')
        return QStringLiteral("\\r");
    if (c == '\t')
        return QStringLiteral("\\t");
    return QString::fromLatin1(&c, 1);
}

} // namespace

// ---------------------------------------------------------------------------------------------

const ConfigValue *ConfigValue::member(QStringView name, Qt::CaseSensitivity cs) const
{
    for (const ConfigValue &child : children) {
        if (child.key.compare(name, cs) == 0)
            return &child;
    }
    return nullptr;
}

void ConfigValue::setMember(ConfigValue value)
{
    for (ConfigValue &child : children) {
        if (child.key == value.key) {
            child = std::move(value);
            return;
        }
    }
    children.append(std::move(value));
}

QString ConfigValue::typeName() const { return typeName(type); }

QString ConfigValue::typeName(Type type)
{
    switch (type) {
    case Type::String: return QStringLiteral("string");
    case Type::Integer: return QStringLiteral("integer");
    case Type::Float: return QStringLiteral("float");
    case Type::Bool: return QStringLiteral("boolean");
    case Type::DateTime: return QStringLiteral("datetime");
    case Type::Array: return QStringLiteral("array");
    case Type::Map: return QStringLiteral("map");
    }
    return QString();
}

// ---------------------------------------------------------------------------------------------

// Recursive-descent reader over one file's bytes. Every read* function returns false after
// recording the first error, which ends the parse (nats-server also stops at the first one).
class ConfigReader {
public:
    ConfigReader(const ConfigParser &parser, const QByteArray &text, const QString &fileName,
                 int includeDepth, QSet<QString> &envReferences)
        : m_parser(parser), m_text(text), m_fileName(fileName), m_includeDepth(includeDepth),
          m_envReferences(envReferences)
    {
        m_lineStarts.append(0);
        for (int i = 0; i < m_text.size(); ++i) {
            if (m_text.at(i) == '\n')
                m_lineStarts.append(i + 1);
        }
    }

    ConfigDocument read()
    {
        ConfigDocument document;
        document.root.type = ConfigValue::Type::Map;
        document.root.location = locationAt(0);
        if (m_text.startsWith("\xEF\xBB\xBF")) // a UTF-8 byte order mark is not part of the first key
            m_pos = 3;
        if (!readTopLevel(document.root)) {
            document.root = ConfigValue();
            document.error = m_error;
        }
        return document;
    }

private:
    enum class Context { Top, Map };

    // --- cursor ------------------------------------------------------------------------------
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(int ahead = 0) const
    {
        return m_pos + ahead < m_text.size() ? m_text.at(m_pos + ahead) : '\0';
    }
    bool atComment() const { return peek() == '#' || (peek() == '/' && peek(1) == '/'); }
    void skipToLineEnd()
    {
        while (!atEnd() && !isNewline(peek()))
            ++m_pos;
    }
    void skipBlanks()
    {
        while (!atEnd() && isBlank(peek()))
            ++m_pos;
    }
    void skipSpaceAndComments()
    {
        while (!atEnd()) {
            if (isSpace(peek()))
                ++m_pos;
            else if (atComment())
                skipToLineEnd();
            else
                break;
        }
    }

    ConfigLocation locationAt(int pos) const
    {
        const auto next = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), pos);
        const int lineIndex = int(next - m_lineStarts.cbegin()) - 1;
        const int lineStart = m_lineStarts.at(lineIndex);
        int column = 1;
        for (int i = lineStart; i < pos && i < m_text.size(); ++i) {
            if ((uchar(m_text.at(i)) & 0xC0) != 0x80) // count characters, not UTF-8 bytes
                ++column;
        }
        return {m_fileName, lineIndex + 1, column};
    }

    bool fail(int pos, const QString &message)
    {
        const ConfigLocation where = locationAt(pos);
        m_error = ConfigIssue{where.file, where.line, where.column, message};
        return false;
    }
    bool failHere(const QString &message) { return fail(m_pos, message); }
    bool failUnexpected(const QString &expected)
    {
        if (atEnd())
            return failHere(QStringLiteral("%1, but reached the end of the file").arg(expected));
        return failHere(QStringLiteral("%1, but got '%2' instead").arg(expected, describeChar(peek())));
    }

    // --- structure ---------------------------------------------------------------------------

    // The top level may be wrapped in braces, JSON style. nats-server is lax here and natsws
    // accepts the same files: braces need not balance, and empty ';' or ',' statements pass.
    bool readTopLevel(ConfigValue &root)
    {
        m_scopes.append(&root);
        while (true) {
            skipSpaceAndComments();
            if (atEnd())
                break;
            if (QByteArrayView("{};,").contains(peek())) {
                ++m_pos;
                continue;
            }
            if (!readMember(root, Context::Top))
                return false;
        }
        m_scopes.removeLast();
        return true;
    }

    // Members of a `{ ... }` value; the opening brace is consumed, the closing one is consumed here.
    bool readMapBody(ConfigValue &map)
    {
        m_scopes.append(&map);
        while (true) {
            skipSpaceAndComments();
            if (atEnd())
                return failHere(QStringLiteral("Unexpected EOF processing map"));
            if (peek() == '}') {
                ++m_pos;
                break;
            }
            if (peek() == ']')
                return failHere(QStringLiteral("Unexpected array end ']' processing map"));
            if (!readMember(map, Context::Map))
                return false;
        }
        m_scopes.removeLast();
        return true;
    }

    // One `key [:|=] value` (or `include file`) and the terminator after it.
    bool readMember(ConfigValue &map, Context context)
    {
        const int keyPos = m_pos;
        QString key;
        bool quoted = false;
        if (!readKey(key, quoted))
            return false;
        if (!quoted && key.compare(QLatin1String("include"), Qt::CaseInsensitive) == 0
            && isSpace(peek())) {
            if (!readInclude(map, keyPos))
                return false;
            return readValueEnd(context);
        }
        while (!atEnd() && isSpace(peek()))
            ++m_pos;
        bool separated = false;
        if (isKeySeparator(peek())) {
            ++m_pos;
            separated = true;
            skipBlanks();
        }
        if (atEnd() || (separated && isNewline(peek())))
            return fail(keyPos, QStringLiteral("Expected a value for key '%1'").arg(key));
        ConfigValue value;
        if (!readValue(value))
            return false;
        value.key = key;
        value.location = locationAt(keyPos);
        map.setMember(std::move(value));
        return readValueEnd(context);
    }

    bool readKey(QString &key, bool &quoted)
    {
        const char first = peek();
        if (isKeySeparator(first))
            return failHere(QStringLiteral("Unexpected key separator '%1'").arg(describeChar(first)));
        if (first == '"' || first == '\'') {
            quoted = true;
            QByteArray text;
            if (!readVerbatim(text, QStringLiteral("Unexpected EOF in quoted key")))
                return false;
            key = QString::fromUtf8(text);
            return true;
        }
        const int start = m_pos;
        while (!atEnd() && !isSpace(peek()) && !isKeySeparator(peek()))
            ++m_pos;
        key = QString::fromUtf8(m_text.mid(start, m_pos - start));
        return true;
    }

    // After a value: blanks, then a comment, a newline, ';' or ',' (or the map's '}').
    bool readValueEnd(Context context)
    {
        skipBlanks();
        if (atEnd() || atComment())
            return true;
        const char c = peek();
        if (isNewline(c) || c == ';' || c == ',') {
            ++m_pos;
            return true;
        }
        if (c == '}')
            return true; // left for the caller: it closes a map or a top-level wrapper
        if (context == Context::Top)
            return failUnexpected(QStringLiteral("Expected a top-level value to end with a new line, comment or EOF"));
        return failUnexpected(QStringLiteral("Expected a map value terminator ',' or a map terminator '}'"));
    }

    bool readInclude(ConfigValue &map, int directivePos)
    {
        skipBlanks();
        const char c = peek();
        QByteArray name;
        if (c == '"' || c == '\'') {
            if (!readVerbatim(name, QStringLiteral("Unexpected EOF in quoted include")))
                return false;
        } else if (atEnd() || isNewline(c)) {
            return failHere(QStringLiteral("Expected include value but found new line"));
        } else if (c == '[' || c == '{' || c == '(' || c == '\\' || c == '-' || isDigit(c)) {
            return failHere(QStringLiteral("Expected include value (a file name) but got '%1'")
                                .arg(describeChar(c)));
        } else {
            const int start = m_pos;
            while (!atEnd() && !isSpace(peek()) && peek() != ';' && peek() != '}' && peek() != '\'')
                ++m_pos;
            name = m_text.mid(start, m_pos - start);
            if (peek() == '\'')
                ++m_pos;
        }
        if (m_includeDepth >= kMaxIncludeDepth)
            return fail(directivePos, QStringLiteral("include nesting deeper than %1 files (an include cycle?)")
                                          .arg(kMaxIncludeDepth));
        const QString relative = QString::fromUtf8(name);
        const QString baseDir = m_fileName.isEmpty() ? QDir::currentPath()
                                                     : QFileInfo(m_fileName).absolutePath();
        const QString path = QDir(baseDir).filePath(relative);
        const ConfigDocument included = m_parser.parseFileNested(path, m_includeDepth + 1, m_envReferences);
        if (!included.ok()) {
            const ConfigLocation here = locationAt(directivePos);
            m_error = *included.error;
            if (m_error.file.isEmpty() || m_error.line == 0)
                m_error = ConfigIssue{here.file, here.line, here.column,
                                      QStringLiteral("include '%1': %2").arg(relative, included.error->message)};
            else
                m_error.message += QStringLiteral(" (in a file included from %1:%2)")
                                       .arg(here.file).arg(here.line);
            return false;
        }
        for (const ConfigValue &member : included.root.children)
            map.setMember(member);
        return true;
    }

    // --- values ------------------------------------------------------------------------------

    bool readValue(ConfigValue &out)
    {
        out.location = locationAt(m_pos);
        const char c = peek();
        if ((c == '[' || c == '{') && m_scopes.size() + m_openArrays >= kMaxNesting)
            return failHere(QStringLiteral("arrays and maps nested deeper than %1 levels").arg(kMaxNesting));
        switch (c) {
        case '[': {
            ++m_pos;
            ++m_openArrays;
            const bool ok = readArray(out);
            --m_openArrays;
            return ok;
        }
        case '{':
            ++m_pos;
            out.type = ConfigValue::Type::Map;
            return readMapBody(out);
        case '\'': return readRawString(out);
        case '"': return readEscapedString(out);
        case '(': return readBlockString(out);
        case '-': return readNegativeNumber(out);
        case '.': return failHere(QStringLiteral("Floats must start with a digit"));
        default: break;
        }
        if (isDigit(c))
            return readNumberOrString(out);
        return readBareString(out, m_pos, QByteArray());
    }

    // Items separated by ',' or newlines; comments and a trailing ',' are allowed.
    bool readArray(ConfigValue &out)
    {
        out.type = ConfigValue::Type::Array;
        while (true) {
            skipSpaceAndComments();
            if (atEnd())
                return failHere(QStringLiteral("Unexpected EOF processing array"));
            if (peek() == ']') {
                ++m_pos;
                return true;
            }
            if (peek() == ',')
                return failHere(QStringLiteral("Unexpected array value terminator ','"));
            ConfigValue item;
            if (!readValue(item))
                return false;
            out.children.append(std::move(item));
            skipBlanks();
            if (atEnd()) {
                return failHere(QStringLiteral("Unexpected EOF processing array"));
            } else if (atComment()) {
                skipToLineEnd();
            } else if (peek() == ',' || isNewline(peek())) {
                ++m_pos;
            } else if (peek() == ']') {
                ++m_pos;
                return true;
            } else {
                return failUnexpected(QStringLiteral("Expected an array value terminator ',' or an array terminator ']'"));
            }
        }
    }

    // '...': taken literally, may span lines.
    bool readRawString(ConfigValue &out)
    {
        QByteArray text;
        if (!readVerbatim(text, QStringLiteral("Unexpected EOF: string is not closed")))
            return false;
        out.type = ConfigValue::Type::String;
        out.string = QString::fromUtf8(text);
        return true;
    }

    // From the quote under the cursor to the same quote again, without escapes (quoted keys,
    // include names, '...' strings). An unclosed quote is reported where it opens.
    bool readVerbatim(QByteArray &text, const QString &unclosedMessage)
    {
        const char quote = peek();
        const int open = m_pos++;
        while (!atEnd() && peek() != quote)
            ++m_pos;
        if (atEnd())
            return fail(open, unclosedMessage);
        text = m_text.mid(open + 1, m_pos - open - 1);
        ++m_pos;
        return true;
    }

    // "...": with the escapes \t \n \r \" \\ and \xHH.
    bool readEscapedString(ConfigValue &out)
    {
        const int open = m_pos++;
        QByteArray bytes;
        while (!atEnd() && peek() != '"') {
            if (peek() == '\\') {
                if (!readEscape(bytes))
                    return false;
            } else {
                bytes.append(m_text.at(m_pos++));
            }
        }
        if (atEnd())
            return fail(open, QStringLiteral("Unexpected EOF: string is not closed"));
        ++m_pos;
        out.type = ConfigValue::Type::String;
        out.string = QString::fromUtf8(bytes);
        return true;
    }

    bool readEscape(QByteArray &bytes)
    {
        ++m_pos; // the backslash
        const char c = peek();
        switch (c) {
        case 't': bytes.append('\t'); break;
        case 'n': bytes.append('\n'); break;
        case 'r': bytes.append('\r'); break;
        case '"': bytes.append('"'); break;
        case '\\': bytes.append('\\'); break;
        case 'x': {
            const char high = peek(1), low = peek(2);
            if (m_pos + 2 >= m_text.size() || isNewline(high) || isNewline(low))
                return failHere(QStringLiteral("Expected two hexadecimal digits after '\\x', but hit end of line"));
            if (!isHexDigit(high) || !isHexDigit(low))
                return failHere(QStringLiteral("Expected two hexadecimal digits after '\\x', but got '%1'")
                                    .arg(QString::fromUtf8(m_text.mid(m_pos + 1, 2))));
            bytes.append(char(QByteArray(m_text.mid(m_pos + 1, 2)).toInt(nullptr, 16)));
            m_pos += 3;
            return true;
        }
        default:
            return failHere(QStringLiteral("Invalid escape character '%1'. Only the following escape "
                                           "characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\")
                                .arg(atEnd() ? QStringLiteral("EOF") : describeChar(c)));
        }
        ++m_pos;
        return true;
    }

    // ( ... ) with the ')' alone on its own line: the text in between, verbatim.
    bool readBlockString(ConfigValue &out)
    {
        const int open = m_pos++;
        const int start = m_pos;
        for (int i = start; i < m_text.size(); ++i) {
            const bool alone = m_text.at(i) == ')' && i > start && m_text.at(i - 1) == '\n'
                && (i + 1 == m_text.size() || m_text.at(i + 1) == '\n');
            if (alone) {
                out.type = ConfigValue::Type::String;
                out.string = QString::fromUtf8(m_text.mid(start, i - 1 - start));
                m_pos = i + 1;
                return true;
            }
        }
        return fail(open, QStringLiteral("Unexpected EOF processing block: no ')' on a line by itself"));
    }

    // Unquoted text up to a blank, newline, ';', ',', ']' or '}'. A closing quote also ends it
    // (nats-server does the same). Escapes apply; the unescaped words true/false/yes/no/on/off
    // are booleans and $NAME is a variable reference.
    bool readBareString(ConfigValue &out, int start, QByteArray bytes)
    {
        bool escaped = false;
        m_pos = start + bytes.size();
        while (!atEnd()) {
            const char c = peek();
            if (isNewline(c) || isBlank(c) || c == ';' || c == ',' || c == ']' || c == '}')
                break;
            if (c == '\'') {
                ++m_pos;
                break;
            }
            if (c == '\\') {
                if (!readEscape(bytes))
                    return false;
                escaped = true;
                continue;
            }
            bytes.append(c);
            ++m_pos;
        }
        if (!escaped) {
            const QByteArray lower = bytes.toLower();
            if (lower == "true" || lower == "yes" || lower == "on"
                || lower == "false" || lower == "no" || lower == "off") {
                out.type = ConfigValue::Type::Bool;
                out.boolean = lower == "true" || lower == "yes" || lower == "on";
                return true;
            }
            if (bytes.startsWith('$'))
                return resolveVariable(QString::fromUtf8(bytes.mid(1)), start, out);
        }
        out.type = ConfigValue::Type::String;
        out.string = QString::fromUtf8(bytes);
        return true;
    }

    // Starts with a digit: an integer (with an optional size suffix), a float, an IP address
    // such as 127.0.0.1:4222, a Zulu date, or a string such as "10s" or "1h".
    bool readNumberOrString(ConfigValue &out)
    {
        const int start = m_pos;
        while (isDigit(peek()))
            ++m_pos;
        const char c = peek();
        if (c == '-') {
            if (m_pos - start != 4)
                return failHere(QStringLiteral("All ISO8601 dates must be in full Zulu form"));
            return readDate(out, start);
        }
        if (c == '.')
            return readFloatOrAddress(out, start);
        if (isSizeSuffixStart(c))
            return readSizedInteger(out, start);
        if (endsNumber(c, atEnd()))
            return makeInteger(out, start, m_pos);
        return readBareString(out, start, m_text.mid(start, m_pos - start));
    }

    bool readNegativeNumber(ConfigValue &out)
    {
        const int start = m_pos++;
        if (!isDigit(peek())) {
            if (peek() == '.')
                return failHere(QStringLiteral("Floats must start with a digit, not '.'"));
            return failUnexpected(QStringLiteral("Expected a digit"));
        }
        while (isDigit(peek()))
            ++m_pos;
        if (peek() == '.')
            return readFloatOrAddress(out, start);
        if (isSizeSuffixStart(peek()))
            return readSizedInteger(out, start);
        return makeInteger(out, start, m_pos);
    }

    bool readFloatOrAddress(ConfigValue &out, int start)
    {
        ++m_pos; // '.'
        if (!isDigit(peek()))
            return failUnexpected(QStringLiteral("Floats must have a digit after the '.'"));
        while (isDigit(peek()))
            ++m_pos;
        if (peek() == '.') {
            while (isDigit(peek()) || peek() == '.' || peek() == ':' || peek() == '-')
                ++m_pos;
            out.type = ConfigValue::Type::String;
            out.string = QString::fromLatin1(m_text.mid(start, m_pos - start));
            return true;
        }
        const QByteArray text = m_text.mid(start, m_pos - start);
        bool ok = false;
        out.real = text.toDouble(&ok);
        if (!ok)
            return fail(start, QStringLiteral("float '%1' is out of the range").arg(QString::fromLatin1(text)));
        out.type = ConfigValue::Type::Float;
        return true;
    }

    // 1k, 2MB, 3Gi, 4KiB... and "500ms", which falls back to being a string.
    bool readSizedInteger(ConfigValue &out, int start)
    {
        ++m_pos; // the suffix letter
        while (QByteArrayView("bBiI").contains(peek()))
            ++m_pos;
        if (endsNumber(peek(), atEnd()) || isDigit(peek()))
            return makeInteger(out, start, m_pos);
        return readBareString(out, start, m_text.mid(start, m_pos - start));
    }

    bool makeInteger(ConfigValue &out, int start, int end)
    {
        const QByteArray text = m_text.mid(start, end - start);
        int digitsEnd = 0;
        while (digitsEnd < text.size() && (isDigit(text.at(digitsEnd)) || text.at(digitsEnd) == '-'))
            ++digitsEnd;
        const QString shown = QString::fromLatin1(text);
        bool ok = false;
        const qint64 number = text.left(digitsEnd).toLongLong(&ok);
        if (!ok)
            return fail(start, QStringLiteral("integer '%1' is out of the range").arg(shown));
        const qint64 multiplier = sizeMultiplier(text.mid(digitsEnd));
        if (multiplier == 0)
            return fail(start, QStringLiteral("integer '%1' has an unknown size suffix").arg(shown));
        if (number != 0 && std::abs(number) > std::numeric_limits<qint64>::max() / multiplier)
            return fail(start, QStringLiteral("integer '%1' is out of the range").arg(shown));
        out.type = ConfigValue::Type::Integer;
        out.integer = number * multiplier;
        return true;
    }

    // YYYY-MM-DDTHH:MM:SSZ; the year has been read.
    bool readDate(ConfigValue &out, int start)
    {
        static const char kShape[] = "-00-00T00:00:00Z";
        for (const char *expected = kShape; *expected; ++expected) {
            const char c = peek();
            const bool good = *expected == '0' ? isDigit(c) : c == *expected;
            if (!good || atEnd()) {
                const QString what = *expected == '0' ? QStringLiteral("digit")
                                                      : QStringLiteral("'%1'").arg(QLatin1Char(*expected));
                return failUnexpected(QStringLiteral("Expected %1 in ISO8601 datetime").arg(what));
            }
            ++m_pos;
        }
        const QString text = QString::fromLatin1(m_text.mid(start, m_pos - start));
        out.dateTime = QDateTime::fromString(text, Qt::ISODate);
        if (!out.dateTime.isValid())
            return fail(start, QStringLiteral("expected Zulu formatted DateTime, but got '%1'").arg(text));
        out.type = ConfigValue::Type::DateTime;
        return true;
    }

    // $NAME: the innermost enclosing map that already defines NAME, else the environment
    // (whose text is parsed as a value). "$2a$..." is a bcrypt hash, not a reference.
    bool resolveVariable(const QString &name, int refPos, ConfigValue &out)
    {
        const ConfigLocation here = locationAt(refPos);
        if (name.startsWith(QLatin1String("2a$"))) {
            out.type = ConfigValue::Type::String;
            out.string = QLatin1Char('$') + name;
            return true;
        }
        for (auto scope = m_scopes.crbegin(); scope != m_scopes.crend(); ++scope) {
            for (ConfigValue &candidate : (*scope)->children) {
                if (candidate.key == name) {
                    candidate.usedAsVariable = true;
                    out = candidate;
                    out.key.clear();
                    out.usedAsVariable = false;
                    out.location = here;
                    return true;
                }
            }
        }
        if (m_envReferences.contains(name))
            return fail(refPos, QStringLiteral("variable reference cycle for '%1'").arg(name));
        const QProcessEnvironment &env = m_parser.m_environment;
        if (!env.contains(name))
            return fail(refPos, QStringLiteral("variable reference for '%1' can not be found").arg(name));
        m_envReferences.insert(name);
        const QByteArray text = QByteArrayLiteral("pk=") + env.value(name).toUtf8();
        const ConfigDocument parsed = m_parser.parseTextNested(
            text, QStringLiteral("$%1").arg(name), m_includeDepth, m_envReferences);
        m_envReferences.remove(name);
        if (!parsed.ok())
            return fail(refPos, QStringLiteral("variable reference for '%1' could not be parsed: %2")
                                    .arg(name, parsed.error->message));
        const ConfigValue *value = parsed.root.member(u"pk", Qt::CaseSensitive);
        if (!value)
            return fail(refPos, QStringLiteral("variable reference for '%1' has no value").arg(name));
        out = *value;
        out.location = here;
        setLocationDeep(out, here);
        return true;
    }

    // Values that came from the environment point at the $NAME that pulled them in.
    static void setLocationDeep(ConfigValue &value, const ConfigLocation &where)
    {
        value.location = where;
        for (ConfigValue &child : value.children)
            setLocationDeep(child, where);
    }

    const ConfigParser &m_parser;
    const QByteArray m_text;
    const QString m_fileName;
    const int m_includeDepth;
    QSet<QString> &m_envReferences;
    QList<int> m_lineStarts;
    QList<ConfigValue *> m_scopes; // maps being built, outermost first, for $VAR lookups
    int m_openArrays = 0;
    int m_pos = 0;
    ConfigIssue m_error;
};

// ---------------------------------------------------------------------------------------------

ConfigParser::ConfigParser(QProcessEnvironment environment) : m_environment(std::move(environment)) {}

ConfigDocument ConfigParser::parseFile(const QString &path) const
{
    QSet<QString> envReferences;
    return parseFileNested(path, 0, envReferences);
}

ConfigDocument ConfigParser::parseText(const QByteArray &text, const QString &fileName) const
{
    QSet<QString> envReferences;
    return parseTextNested(text, fileName, 0, envReferences);
}

ConfigDocument ConfigParser::parseFileNested(const QString &path, int includeDepth,
                                             QSet<QString> &envReferences) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ConfigDocument failed;
        failed.error = ConfigIssue{path, 0, 0,
                                   QStringLiteral("error opening config file: %1").arg(file.errorString())};
        return failed;
    }
    return parseTextNested(file.readAll(), path, includeDepth, envReferences);
}

ConfigDocument ConfigParser::parseTextNested(const QByteArray &text, const QString &fileName,
                                             int includeDepth, QSet<QString> &envReferences) const
{
    ConfigReader reader(*this, text, fileName, includeDepth, envReferences);
    return reader.read();
}

} // namespace natsws::server

namespace natsws::server {

std::optional<Millis> parseGoDuration(const QString &text, QString *error)
{
    const auto failWith = [&](const QString &message) -> std::optional<Millis> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString quoted = QLatin1Char('"') + text + QLatin1Char('"');
    const QString invalid = QStringLiteral("time: invalid duration %1").arg(quoted);
    QStringView rest(text);
    bool negative = false;
    if (!rest.isEmpty() && (rest.front() == u'-' || rest.front() == u'+')) {
        negative = rest.front() == u'-';
        rest = rest.mid(1);
    }
    if (rest == u"0")
        return Millis{0};
    if (rest.isEmpty())
        return failWith(invalid);
    struct Unit { const char16_t *name; double nanos; };
    static const Unit kUnits[] = {{u"ns", 1}, {u"us", 1e3}, {u"\u00b5s", 1e3}, {u"\u03bcs", 1e3},
                                  {u"ms", 1e6}, {u"s", 1e9}, {u"m", 60e9}, {u"h", 3600e9}};
    double totalNanos = 0;
    while (!rest.isEmpty()) {
        qsizetype i = 0;
        while (i < rest.size() && (rest.at(i).isDigit() || rest.at(i) == u'.'))
            ++i;
        const QStringView number = rest.left(i);
        if (number.isEmpty() || number == u"." || number.count(u'.') > 1)
            return failWith(invalid);
        rest = rest.mid(i);
        qsizetype j = 0;
        while (j < rest.size() && !rest.at(j).isDigit() && rest.at(j) != u'.')
            ++j;
        const QStringView unitName = rest.left(j);
        rest = rest.mid(j);
        if (unitName.isEmpty())
            return failWith(QStringLiteral("time: missing unit in duration %1").arg(quoted));
        const Unit *unit = std::find_if(std::begin(kUnits), std::end(kUnits), [&](const Unit &u) {
            return unitName == QStringView(u.name);
        });
        if (unit == std::end(kUnits))
            return failWith(QStringLiteral("time: unknown unit \"%1\" in duration %2")
                                .arg(unitName.toString(), quoted));
        totalNanos += number.toDouble() * unit->nanos;
    }
    if (totalNanos > 9.2e18) // Go's int64 nanoseconds
        return failWith(invalid);
    qint64 millis = qint64(totalNanos / 1e6);
    if (millis == 0 && totalNanos > 0)
        millis = 1;
    return Millis{negative ? -millis : millis};
}

} // namespace natsws::server
