#pragma once
// Reader for nats-server's configuration syntax (conf/lex.go + conf/parse.go): a text in,
// a tree of values out, each value carrying the file, line and column it was written at.
// It knows nothing about option names; OptionsLoader gives the tree its meaning.
#include "core/server/Options.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>
#include <QStringView>

namespace natsws::server {

// One node of the parsed tree: a scalar, an array or a map. Maps keep their members in file
// order (a repeated key replaces the earlier value in place, as nats-server's map does).
struct ConfigValue {
    enum class Type { String, Integer, Float, Bool, DateTime, Array, Map };

    Type type = Type::String;
    QString key;                 // member name as written, when this value sits in a map
    ConfigLocation location;     // of the key for a map member, else of the value itself
    QString string;
    qint64 integer = 0;
    double real = 0;
    bool boolean = false;
    QDateTime dateTime;
    QList<ConfigValue> children; // array items or map members
    bool usedAsVariable = false; // referenced as $key somewhere: not an unknown option

    bool isMap() const { return type == Type::Map; }
    bool isArray() const { return type == Type::Array; }
    // Member lookup; nats-server compares option names case-insensitively, variables exactly.
    const ConfigValue *member(QStringView name,
                              Qt::CaseSensitivity cs = Qt::CaseInsensitive) const;
    // Adds a member, or replaces the value of a member with exactly the same key.
    void setMember(ConfigValue value);
    // "string", "integer", "float", "boolean", "datetime", "array", "map": for error texts.
    QString typeName() const;
    static QString typeName(Type type);
};

struct ConfigDocument {
    ConfigValue root;            // a Map; empty when there is an error
    std::optional<ConfigIssue> error;
    bool ok() const { return !error.has_value(); }
};

// A Go duration string as nats-server reads them ("500ms", "2s", "1m30s", "1.5h", "0"):
// the value, or empty with Go's error text in *error ("time: invalid duration \"x\"").
// Nonzero durations shorter than a millisecond round up to 1ms so they never mean "off".
std::optional<Millis> parseGoDuration(const QString &text, QString *error = nullptr);

class ConfigParser {
public:
    // Variables not defined in the file are looked up in `environment`.
    explicit ConfigParser(QProcessEnvironment environment = QProcessEnvironment::systemEnvironment());

    ConfigDocument parseFile(const QString &path) const;
    // `fileName` names the text in errors and anchors relative includes.
    ConfigDocument parseText(const QByteArray &text, const QString &fileName) const;

private:
    friend class ConfigReader;
    ConfigDocument parseFileNested(const QString &path, int includeDepth,
                                   QSet<QString> &envReferences) const;
    ConfigDocument parseTextNested(const QByteArray &text, const QString &fileName,
                                   int includeDepth, QSet<QString> &envReferences) const;

    QProcessEnvironment m_environment;
};

} // namespace natsws::server
