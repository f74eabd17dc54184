<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Format</name>
    <message>
        <source>%1 msg/s</source>
        <translation>%1 Nachr./s</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <translation>%1 T %2 Std.</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1 Min. %2 s</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
</context>
<context>
    <name>natsws::ui::ChartsPanel</name>
    <message>
        <source>Messages/s</source>
        <translation>Nachrichten/s</translation>
    </message>
    <message>
        <source>Bytes/s</source>
        <translation>Bytes/s</translation>
    </message>
    <message>
        <source>Compression ratio (WebSocket)</source>
        <translation>Kompressionsrate (WebSocket)</translation>
    </message>
    <message>
        <source>in</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>out</source>
        <translation>aus</translation>
    </message>
</context>
<context>
    <name>natsws::ui::ClosedConnectionsModel</name>
    <message>
        <source>Closed at</source>
        <translation>Geschlossen um</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>Browser</translation>
    </message>
    <message>
        <source>Client name</source>
        <translation>Client-Name</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>Lebensdauer</translation>
    </message>
    <message>
        <source>NATS reason</source>
        <translation>NATS-Grund</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>WS close sent</source>
        <translation>WS-Close gesendet</translation>
    </message>
    <message>
        <source>WS close received</source>
        <translation>WS-Close empfangen</translation>
    </message>
    <message>
        <source>Msgs in</source>
        <translation>Nachr. ein</translation>
    </message>
    <message>
        <source>Msgs out</source>
        <translation>Nachr. aus</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes ein</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes aus</translation>
    </message>
    <message>
        <source>no close frame</source>
        <translation>kein Close-Frame</translation>
    </message>
    <message>
        <source>empty close frame</source>
        <translation>leerer Close-Frame</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>limits</source>
        <translation>Limits</translation>
    </message>
    <message>
        <source>protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>handshake</source>
        <translation>Handshake</translation>
    </message>
</context>
<context>
    <name>natsws::ui::ConnectionDetails</name>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Handshake request headers</source>
        <translation>Header der Handshake-Anfrage</translation>
    </message>
    <message>
        <source>Negotiated extension</source>
        <translation>Ausgehandelte Erweiterung</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnements</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Zähler</translation>
    </message>
    <message>
        <source>no connection selected</source>
        <translation>keine Verbindung ausgewählt</translation>
    </message>
    <message>
        <source>none (plain NATS over TCP)</source>
        <translation>keine (NATS direkt über TCP)</translation>
    </message>
    <message numerus="yes">
        <source>%n header(s)</source>
        <translation>
            <numerusform>%n Header</numerusform>
            <numerusform>%n Header</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Messages in / out</source>
        <translation>Nachrichten ein / aus</translation>
    </message>
    <message>
        <source>Payload bytes in / out</source>
        <translation>Nutzdaten-Bytes ein / aus</translation>
    </message>
    <message>
        <source>Wire bytes in / out</source>
        <translation>Bytes auf der Leitung ein / aus</translation>
    </message>
    <message>
        <source>Protocol bytes in frames in / out</source>
        <translation>Protokoll-Bytes in Frames ein / aus</translation>
    </message>
    <message>
        <source>Compression ratio in / out</source>
        <translation>Kompressionsrate ein / aus</translation>
    </message>
    <message>
        <source>Compressed messages in / out</source>
        <translation>Komprimierte Nachrichten ein / aus</translation>
    </message>
    <message>
        <source>Pending bytes</source>
        <translation>Ausstehende Bytes</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
</context>
<context>
    <name>natsws::ui::ConnectionsModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>X-Forwarded-For</source>
        <translation>X-Forwarded-For</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>Browser</translation>
    </message>
    <message>
        <source>Client name</source>
        <translation>Client-Name</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Compression</source>
        <translation>Kompression</translation>
    </message>
    <message>
        <source>Ratio in</source>
        <translation>Rate ein</translation>
    </message>
    <message>
        <source>Ratio out</source>
        <translation>Rate aus</translation>
    </message>
    <message>
        <source>Msgs in</source>
        <translation>Nachr. ein</translation>
    </message>
    <message>
        <source>Msgs out</source>
        <translation>Nachr. aus</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes ein</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes aus</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Subs</source>
        <translation>Abos</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Untätig</translation>
    </message>
</context>
<context>
    <name>natsws::ui::ConnectionsView</name>
    <message>
        <source>Close connection</source>
        <translation>Verbindung schließen</translation>
    </message>
    <message>
        <source>Filter by id, kind, address, origin, browser, client or user</source>
        <translation>Filtern nach ID, Art, Adresse, Origin, Browser, Client oder Benutzer</translation>
    </message>
    <message>
        <source>Ask the server to close the selected connection (recorded as closed by the operator)</source>
        <translation>Den Server bitten, die ausgewählte Verbindung zu schließen (als vom Betreiber geschlossen erfasst)</translation>
    </message>
</context>
<context>
    <name>natsws::ui::CountsModel</name>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
</context>
<context>
    <name>natsws::ui::DashboardModels</name>
    <message>
        <source>NATS close reason</source>
        <translation>NATS-Schließgrund</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>(no origin)</source>
        <translation>(kein Origin)</translation>
    </message>
</context>
<context>
    <name>natsws::ui::FilteredTable</name>
    <message>
        <source>Filter (any text in the row)</source>
        <translation>Filter (beliebiger Text in der Zeile)</translation>
    </message>
</context>
<context>
    <name>natsws::ui::LineChart</name>
    <message>
        <source>-%1 min</source>
        <translation>-%1 Min.</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
</context>
<context>
    <name>natsws::ui::LogPane</name>
    <message numerus="yes">
        <source>… %n earlier line(s) not shown</source>
        <translation>
            <numerusform>… %n frühere Zeile nicht angezeigt</numerusform>
            <numerusform>… %n frühere Zeilen nicht angezeigt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natsws::ui::MainWindow</name>
    <message>
        <source>natsws — NATS for WebSocket clients</source>
        <translation>natsws — NATS für WebSocket-Clients</translation>
    </message>
    <message>
        <source>Closed connections per reason</source>
        <translation>Geschlossene Verbindungen nach Grund</translation>
    </message>
    <message>
        <source>Refused handshakes per origin</source>
        <translation>Abgelehnte Handshakes nach Origin</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Server error: %1</source>
        <translation>Serverfehler: %1</translation>
    </message>
    <message>
        <source>&amp;Start server</source>
        <translation>Server &amp;starten</translation>
    </message>
    <message>
        <source>S&amp;top server</source>
        <translation>Server s&amp;toppen</translation>
    </message>
    <message>
        <source>&amp;Open config file…</source>
        <translation>Konfigurationsdatei ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Export as &amp;CSV…</source>
        <translation>Als &amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Export as &amp;JSON Lines…</source>
        <translation>Als &amp;JSON Lines exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About natsws</source>
        <translation>&amp;Über natsws</translation>
    </message>
    <message>
        <source>About natsws</source>
        <translation>Über natsws</translation>
    </message>
    <message>
        <source>natsws %1
A NATS server for WebSocket clients, with this dashboard.</source>
        <translation>natsws %1
Ein NATS-Server für WebSocket-Clients, mit diesem Dashboard.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>WebSocket:</source>
        <translation>WebSocket:</translation>
    </message>
    <message>
        <source>NATS:</source>
        <translation>NATS:</translation>
    </message>
    <message>
        <source>Copy the WebSocket URL for nats.ws and browsers</source>
        <translation>WebSocket-URL für nats.ws und Browser kopieren</translation>
    </message>
    <message>
        <source>Copy the NATS URL for TCP clients</source>
        <translation>NATS-URL für TCP-Clients kopieren</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>lauscht nicht</translation>
    </message>
    <message>
        <source>Connections (%1)</source>
        <translation>Verbindungen (%1)</translation>
    </message>
    <message>
        <source>Closed (%1)</source>
        <translation>Geschlossen (%1)</translation>
    </message>
    <message>
        <source>Rejections (%1)</source>
        <translation>Abgelehnt (%1)</translation>
    </message>
    <message>
        <source>Open config file</source>
        <translation>Konfigurationsdatei öffnen</translation>
    </message>
    <message>
        <source>NATS config (*.conf *.cfg);;All files (*)</source>
        <translation>NATS-Konfiguration (*.conf *.cfg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Config file not loaded</source>
        <translation>Konfigurationsdatei nicht geladen</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>%1 geladen</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n file(s) to %1</source>
        <translation>
            <numerusform>%n Datei nach %1 exportiert</numerusform>
            <numerusform>%n Dateien nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Export into folder</source>
        <translation>In Ordner exportieren</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Asked connection %1 to close</source>
        <translation>Verbindung %1 wird geschlossen</translation>
    </message>
    <message>
        <source>Connection %1 is already gone</source>
        <translation>Verbindung %1 besteht nicht mehr</translation>
    </message>
</context>
<context>
    <name>natsws::ui::RejectionsModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>User agent</source>
        <translation>User-Agent</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP-Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>natsws::ui::StatusLine</name>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>TCP %1 · WebSocket %2</source>
        <translation>TCP %1 · WebSocket %2</translation>
    </message>
    <message>
        <source>in %1, %2</source>
        <translation>ein %1, %2</translation>
    </message>
    <message>
        <source>out %1, %2</source>
        <translation>aus %1, %2</translation>
    </message>
    <message>
        <source>compression in %1 out %2</source>
        <translation>Kompression ein %1 aus %2</translation>
    </message>
    <message>
        <source>closed %1 · refused %2</source>
        <translation>geschlossen %1 · abgelehnt %2</translation>
    </message>
</context>
</TS>
