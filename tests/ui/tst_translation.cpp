// The German catalogue: loaded by --lang (or the locale), it changes what the window shows,
// and it is complete.
#include "ui/ConnectionsModel.h"
#include "ui/MainWindow.h"
#include "ui/ServerController.h"
#include "ui/StatusLine.h"
#include "ui/Translations.h"

#include <QFile>
#include <QMenuBar>
#include <QTabWidget>
#include <QTest>
#include <QXmlStreamReader>

using namespace natsws;
using namespace natsws::ui;

namespace {
struct VisibleTexts {
    QString title, firstTab, chartsTab, fileMenu, remoteHeader, status;
};

VisibleTexts textsOfANewWindow()
{
    ServerController controller(server::Options{});
    MainWindow window(controller);
    ConnectionsModel model;
    return {window.windowTitle(), window.tabs()->tabText(0), window.tabs()->tabText(3),
            window.menuBar()->actions().first()->text(),
            model.headerData(ConnectionsModel::Remote, Qt::Horizontal).toString(), window.statusLine()->text()};
}
} // namespace

class TestTranslation : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { removeTranslations(); }
    void englishIsBuiltIn();
    void germanChangesVisibleStrings_data();
    void germanChangesVisibleStrings();
    void unknownLanguageKeepsEnglish();
    void catalogueIsComplete();
};

void TestTranslation::englishIsBuiltIn()
{
    const VisibleTexts english = textsOfANewWindow();
    QCOMPARE(english.title, QStringLiteral("natsws — NATS for WebSocket clients"));
    QCOMPARE(english.firstTab, QStringLiteral("Connections (0)"));
    QCOMPARE(english.remoteHeader, QStringLiteral("Remote"));
}

void TestTranslation::germanChangesVisibleStrings_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("de") << QStringLiteral("de");
    QTest::newRow("de_DE") << QStringLiteral("de_DE");
    QTest::newRow("de_AT falls back to de") << QStringLiteral("de_AT");
}

void TestTranslation::germanChangesVisibleStrings()
{
    QFETCH(QString, language);
    const VisibleTexts english = textsOfANewWindow();
    QVERIFY(installTranslations(language).startsWith(QStringLiteral("de")));
    const VisibleTexts german = textsOfANewWindow();
    QCOMPARE(german.title, QStringLiteral("natsws — NATS für WebSocket-Clients"));
    QCOMPARE(german.firstTab, QStringLiteral("Verbindungen (0)"));
    QCOMPARE(german.chartsTab, QStringLiteral("Diagramme"));
    QCOMPARE(german.fileMenu, QStringLiteral("&Datei"));
    QCOMPARE(german.remoteHeader, QStringLiteral("Gegenstelle"));
    QVERIFY2(german.status.startsWith(QStringLiteral("Gestoppt")), qPrintable(german.status));
    QVERIFY(german.status != english.status);
}

void TestTranslation::unknownLanguageKeepsEnglish()
{
    QCOMPARE(installTranslations(QStringLiteral("xx")), QString());
    QCOMPARE(textsOfANewWindow().firstTab, QStringLiteral("Connections (0)"));
}

void TestTranslation::catalogueIsComplete()
{
    // Every message has a finished German text (new strings come in unfinished from lupdate).
    QFile file(QStringLiteral(NATSWS_SOURCE_DIR "/translations/natsws_de.ts"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QStringList unfinished;
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("message"))
            ++messages;
        else if (xml.name() == QLatin1String("source"))
            source = xml.readElementText();
        else if (xml.name() == QLatin1String("translation")) {
            const bool marked = xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
            const bool hasForms = xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed().size() > 0;
            if (marked || !hasForms)
                unfinished.append(source);
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 100);
    QVERIFY2(unfinished.isEmpty(), qPrintable(unfinished.join(QStringLiteral(" | "))));
}

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"
