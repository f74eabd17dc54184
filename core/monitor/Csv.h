#pragma once
// RFC 4180 CSV: rows end in CRLF; a cell holding a comma, quote, CR or LF is quoted, with
// quotes doubled. The reader exists so exports can be checked by parsing them back.
#include <QList>
#include <QString>
#include <QStringList>

namespace natsws::monitor {

QString csvCell(const QString &text);
QString csvRow(const QStringList &cells);      // includes the trailing CRLF

struct CsvParseResult {
    QList<QStringList> rows;
    QString error;                             // empty when the text was well-formed
    bool ok() const { return error.isEmpty(); }
};

// Accepts CRLF or LF row ends and a missing final row end.
CsvParseResult parseCsv(const QString &text);

} // namespace natsws::monitor
