// The committed icon assets and the compiled-in resources agree with each other: every size
// the build installs exists in the .qrc, decodes, is square, and keeps the transparent margin;
// the Windows .ico and macOS .icns containers hold decodable PNGs of the sizes they claim.
#include "resources/AppIcon.h"

#include <QFile>
#include <QHash>
#include <QImage>
#include <QTest>
#include <QXmlStreamReader>
#include <QtEndian>

using natsws::resources::appIcon;
using natsws::resources::appIconSizes;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString resourceDir() { return QStringLiteral(NATSWS_RESOURCES_DIR); }

// CMake's NATSWS_ICON_SIZES, passed as "16,22,...", so the install list cannot drift.
QList<int> cmakeIconSizes()
{
    QList<int> sizes;
    for (const QByteArray &part : QByteArrayLiteral(NATSWS_ICON_SIZES).split(','))
        sizes.append(part.toInt());
    return sizes;
}

struct ContainerEntry {
    QByteArray tag;    // ICO: "WxH", ICNS: the OSType
    QByteArray png;
    int claimedSize = 0;
};

// ICO: 6-byte header, 16-byte directory entries (size byte 0 = 256), PNG payloads.
QList<ContainerEntry> icoEntries(const QByteArray &ico)
{
    QList<ContainerEntry> entries;
    if (ico.size() < 6 || qFromLittleEndian<quint16>(ico.constData() + 2) != 1)
        return entries;
    const int count = qFromLittleEndian<quint16>(ico.constData() + 4);
    for (int i = 0; i < count; ++i) {
        const char *entry = ico.constData() + 6 + 16 * i;
        if (6 + 16 * (i + 1) > ico.size())
            return {};
        const int size = quint8(entry[0]) == 0 ? 256 : quint8(entry[0]);
        const quint32 length = qFromLittleEndian<quint32>(entry + 8);
        const quint32 offset = qFromLittleEndian<quint32>(entry + 12);
        if (qint64(offset) + length > ico.size())
            return {};
        entries.append({QByteArray::number(size), ico.mid(offset, length), size});
    }
    return entries;
}

// ICNS: "icns" + big-endian total length, then (OSType, length including 8-byte header, data).
QList<ContainerEntry> icnsEntries(const QByteArray &icns)
{
    static const QHash<QByteArray, int> pixelSize = {
        {"icp4", 16}, {"icp5", 32}, {"icp6", 64}, {"ic07", 128}, {"ic08", 256}, {"ic09", 512},
        {"ic10", 1024}, {"ic11", 32}, {"ic12", 64}, {"ic13", 256}, {"ic14", 512}};
    QList<ContainerEntry> entries;
    if (!icns.startsWith("icns") || qFromBigEndian<quint32>(icns.constData() + 4) != quint32(icns.size()))
        return entries;
    qint64 pos = 8;
    while (pos + 8 <= icns.size()) {
        const QByteArray type = icns.mid(pos, 4);
        const quint32 length = qFromBigEndian<quint32>(icns.constData() + pos + 4);
        if (length < 8 || pos + length > icns.size())
            return {};
        entries.append({type, icns.mid(pos + 8, length - 8), pixelSize.value(type)});
        pos += length;
    }
    return entries;
}

} // namespace

class TestResources : public QObject
{
    Q_OBJECT
private slots:
    void sizesMatchTheInstallList();
    void pngLoadsAtItsSize_data();
    void pngLoadsAtItsSize();
    void svgIsScalableSquare();
    void appIconOffersEverySize();
    void containerHoldsDecodablePngs_data();
    void containerHoldsDecodablePngs();
};

void TestResources::sizesMatchTheInstallList()
{
    QCOMPARE(appIconSizes(), cmakeIconSizes());
}

void TestResources::pngLoadsAtItsSize_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("size");
    for (int size : cmakeIconSizes())
        QTest::addRow("%dpx", size) << QStringLiteral(":/icons/natsws-%1.png").arg(size) << size;
    QTest::newRow("natsws.png alias") << QStringLiteral(":/icons/natsws.png") << 256;
}

void TestResources::pngLoadsAtItsSize()
{
    QFETCH(QString, path);
    QFETCH(int, size);
    const QImage image(path);
    QVERIFY2(!image.isNull(), qPrintable(path));
    QCOMPARE(image.size(), QSize(size, size));
    QVERIFY(image.hasAlphaChannel());
    // The tile leaves a transparent margin (hicolor icons float on any panel colour) ...
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
    // ... and the middle, where the plug sits, is fully drawn.
    QCOMPARE(qAlpha(image.pixel(size / 2, size / 2)), 255);
}

void TestResources::svgIsScalableSquare()
{
    const QByteArray svg = readFile(QStringLiteral(":/icons/natsws.svg"));
    QVERIFY(!svg.isEmpty());
    QCOMPARE(svg, readFile(resourceDir() + QStringLiteral("/natsws.svg")));
    QXmlStreamReader xml(svg);
    while (!xml.atEnd() && !xml.isStartElement())
        xml.readNext();
    QCOMPARE(xml.name(), QLatin1String("svg"));
    QCOMPARE(xml.attributes().value(QLatin1String("viewBox")), QLatin1String("0 0 64 64"));
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
}

void TestResources::appIconOffersEverySize()
{
    const QIcon icon = appIcon();
    QVERIFY(!icon.isNull());
    QList<QSize> expected;
    for (int size : cmakeIconSizes())
        expected.append(QSize(size, size));
    QCOMPARE(icon.availableSizes(), expected);
}

void TestResources::containerHoldsDecodablePngs_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("expectedEntries");
    QTest::newRow("windows ico") << QStringLiteral("natsws.ico") << 7;
    QTest::newRow("macos icns") << QStringLiteral("natsws.icns") << 11;
}

void TestResources::containerHoldsDecodablePngs()
{
    QFETCH(QString, file);
    QFETCH(int, expectedEntries);
    const QByteArray bytes = readFile(resourceDir() + QLatin1Char('/') + file);
    QVERIFY(!bytes.isEmpty());
    const QList<ContainerEntry> entries = file.endsWith(QLatin1String(".ico")) ? icoEntries(bytes)
                                                                              : icnsEntries(bytes);
    QCOMPARE(entries.size(), expectedEntries);
    for (const ContainerEntry &entry : entries) {
        const QImage image = QImage::fromData(entry.png, "PNG");
        QVERIFY2(!image.isNull(), entry.tag.constData());
        QVERIFY2(entry.claimedSize > 0, entry.tag.constData());
        QCOMPARE(image.size(), QSize(entry.claimedSize, entry.claimedSize));
    }
}

QTEST_MAIN(TestResources)
#include "tst_resources.moc"
