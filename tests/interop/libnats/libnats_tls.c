/* Debian's libnats (nats.c, OpenSSL inside) over TLS against the server under test: it
 * trusts only the test CA, checks the server name, optionally presents a client certificate,
 * then round-trips a message and a request between two TLS connections.
 * Usage: natsws_libnats_tls nats://127.0.0.1:PORT CA_FILE [CERT_FILE KEY_FILE]
 *        natsws_libnats_tls --refused nats://127.0.0.1:PORT CA_FILE   (expects the connect to fail)
 * Prints one line per check and exits 0 only when every check passed. */
#include "report.h"

#include <nats/nats.h>

#include <stdio.h>
#include <string.h>

#define RECEIVE_TIMEOUT_MS 5000

/* A TLS connection that trusts `ca` only and expects the certificate to name localhost. */
static natsStatus connectTls(natsConnection **nc, const char *url, const char *ca, const char *cert,
                             const char *key)
{
    natsOptions *opts = NULL;
    natsStatus s = natsOptions_Create(&opts);
    if (s == NATS_OK)
        s = natsOptions_SetURL(opts, url);
    if (s == NATS_OK)
        s = natsOptions_SetSecure(opts, true);
    if (s == NATS_OK)
        s = natsOptions_LoadCATrustedCertificates(opts, ca);
    if (s == NATS_OK)
        s = natsOptions_SetExpectedHostname(opts, "localhost");
    if (s == NATS_OK && cert)
        s = natsOptions_LoadCertificatesChain(opts, cert, key);
    if (s == NATS_OK)
        s = natsOptions_SetAllowReconnect(opts, false);
    if (s == NATS_OK)
        s = natsConnection_Connect(nc, opts);
    natsOptions_Destroy(opts);
    return s;
}

static void onRequest(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    (void)sub;
    (void)closure;
    natsConnection_PublishString(nc, natsMsg_GetReply(msg), "over tls");
    natsMsg_Destroy(msg);
}

static void checkRoundTrips(natsConnection *a, natsConnection *b)
{
    natsSubscription *sync = NULL, *service = NULL;
    natsMsg *in = NULL, *reply = NULL;
    if (natsConnection_SubscribeSync(&sync, b, "tls.c.msg") != NATS_OK
        || natsConnection_Subscribe(&service, b, "tls.c.svc", onRequest, NULL) != NATS_OK
        || natsConnection_Flush(b) != NATS_OK) {
        report(0, "subscribe", nats_GetLastError(NULL));
        return;
    }
    natsConnection_PublishString(a, "tls.c.msg", "hello");
    natsConnection_Flush(a);
    int ok = natsSubscription_NextMsg(&in, sync, RECEIVE_TIMEOUT_MS) == NATS_OK
             && natsMsg_GetDataLength(in) == 5 && memcmp(natsMsg_GetData(in), "hello", 5) == 0;
    report(ok, "pub/sub between two TLS connections", NULL);

    natsStatus s = natsConnection_RequestString(&reply, a, "tls.c.svc", "?", RECEIVE_TIMEOUT_MS);
    ok = s == NATS_OK && natsMsg_GetDataLength(reply) == 8 && memcmp(natsMsg_GetData(reply), "over tls", 8) == 0;
    report(ok, "request/reply over TLS", s == NATS_OK ? NULL : natsStatus_GetText(s));

    natsMsg_Destroy(in);
    natsMsg_Destroy(reply);
    natsSubscription_Destroy(sync);
    natsSubscription_Destroy(service);
}

int main(int argc, char **argv)
{
    const int refused = argc > 1 && strcmp(argv[1], "--refused") == 0;
    char **args = argv + (refused ? 1 : 0);
    const int count = argc - (refused ? 1 : 0);
    if (count != 3 && count != 5) {
        fprintf(stderr, "usage: %s [--refused] nats://HOST:PORT CA_FILE [CERT_FILE KEY_FILE]\n", argv[0]);
        return 2;
    }
    const char *url = args[1], *ca = args[2];
    const char *cert = count == 5 ? args[3] : NULL, *key = count == 5 ? args[4] : NULL;

    natsConnection *a = NULL, *b = NULL;
    natsStatus s = connectTls(&a, url, ca, cert, key);
    if (refused) {
        report(s != NATS_OK, "the server refuses the TLS connection", natsStatus_GetText(s));
    } else if (s != NATS_OK) {
        report(0, "connect over TLS", nats_GetLastError(NULL));
    } else if ((s = connectTls(&b, url, ca, cert, key)) != NATS_OK) {
        report(0, "second connect over TLS", nats_GetLastError(NULL));
    } else {
        report(1, "connected twice over TLS", url);
        checkRoundTrips(a, b);
    }
    natsConnection_Destroy(a);
    natsConnection_Destroy(b);
    nats_Close();
    return finishReport();
}
