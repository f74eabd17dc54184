#include "core/monitor/Csv.h"

namespace natsws::monitor {

QString csvCell(const QString &text)
{
    static const QString special = QStringLiteral(",\"\r\n");
    bool needsQuotes = false;
    for (const QChar ch : text)
        if (special.contains(ch)) {
            needsQuotes = true;
            break;
        }
    if (!needsQuotes)
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvRow(const QStringList &cells)
{
    QStringList encoded;
    encoded.reserve(cells.size());
    for (const auto &cell : cells)
        encoded.append(csvCell(cell));
    return encoded.join(QLatin1Char(',')) + QLatin1String("\r\n");
}

CsvParseResult parseCsv(const QString &text)
{
    // A cell is either plain (up to the next comma or row end) or quoted; after a closing quote
    // only a comma, a row end or the end of the text may follow.
    CsvParseResult result;
    QStringList row;
    QString cell;
    bool inQuotes = false, afterQuote = false, rowHasContent = false;
    int line = 1;
    auto endCell = [&] {
        row.append(cell);
        cell.clear();
        afterQuote = false;
    };
    auto endRow = [&] {
        endCell();
        result.rows.append(row);
        row.clear();
        rowHasContent = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        if (inQuotes) {
            if (ch == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    cell += ch;
                    ++i;
                } else {
                    inQuotes = false;
                    afterQuote = true;
                }
            } else {
                if (ch == QLatin1Char('\n'))
                    ++line;
                cell += ch;
            }
            continue;
        }
        if (ch == QLatin1Char(',')) {
            endCell();
            rowHasContent = true;
        } else if (ch == QLatin1Char('\r') || ch == QLatin1Char('\n')) {
            if (ch == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            endRow();
            ++line;
        } else if (afterQuote) {
            result.error = QStringLiteral("line %1: text after a closing quote").arg(line);
            return result;
        } else if (ch == QLatin1Char('"')) {
            if (!cell.isEmpty()) {
                result.error = QStringLiteral("line %1: quote inside an unquoted cell").arg(line);
                return result;
            }
            inQuotes = true;
            rowHasContent = true;
        } else {
            cell += ch;
            rowHasContent = true;
        }
    }
    if (inQuotes) {
        result.error = QStringLiteral("line %1: unterminated quoted cell").arg(line);
        return result;
    }
    if (rowHasContent || !cell.isEmpty() || afterQuote)
        endRow();
    return result;
}

} // namespace natsws::monitor
