/* Debian's libnats (nats.c) against the server under test: connect, subscribe, publish,
 * receive and check; request/reply, headers, no-responders and a large binary payload.
 * Usage: natsws_libnats_interop nats://127.0.0.1:PORT
 * Prints one line per check and exits 0 only when every check passed. */
#include "report.h"

#include <nats/nats.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECEIVE_TIMEOUT_MS 5000
#define SEQUENCE_LENGTH 100
#define BIG_PAYLOAD_SIZE (256 * 1024)

static int checkStatus(natsStatus s, const char *what)
{
    if (s != NATS_OK)
        report(0, what, natsStatus_GetText(s));
    return s == NATS_OK;
}

/* Answers every request on "c.svc.upper" with its payload in upper case. */
static void onUpperRequest(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    (void)sub;
    (void)closure;
    const char *data = natsMsg_GetData(msg);
    int len = natsMsg_GetDataLength(msg);
    char *upper = malloc((size_t)len + 1);
    for (int i = 0; i < len; ++i)
        upper[i] = (data[i] >= 'a' && data[i] <= 'z') ? (char)(data[i] - 'a' + 'A') : data[i];
    natsConnection_Publish(nc, natsMsg_GetReply(msg), upper, len);
    free(upper);
    natsMsg_Destroy(msg);
}

static void checkSequence(natsConnection *publisher, natsConnection *subscriber)
{
    natsSubscription *sub = NULL;
    if (!checkStatus(natsConnection_SubscribeSync(&sub, subscriber, "c.seq.>"), "subscribe c.seq.>")
        || !checkStatus(natsConnection_Flush(subscriber), "flush subscriber"))
        return;
    char subject[64], payload[64];
    for (int i = 0; i < SEQUENCE_LENGTH; ++i) {
        snprintf(subject, sizeof subject, "c.seq.%d", i);
        snprintf(payload, sizeof payload, "message %d", i);
        natsConnection_PublishString(publisher, subject, payload);
    }
    checkStatus(natsConnection_Flush(publisher), "flush publisher");
    int inOrder = 0;
    for (int i = 0; i < SEQUENCE_LENGTH; ++i) {
        natsMsg *msg = NULL;
        if (natsSubscription_NextMsg(&msg, sub, RECEIVE_TIMEOUT_MS) != NATS_OK)
            break;
        snprintf(subject, sizeof subject, "c.seq.%d", i);
        snprintf(payload, sizeof payload, "message %d", i);
        int same = strcmp(natsMsg_GetSubject(msg), subject) == 0
                   && natsMsg_GetDataLength(msg) == (int)strlen(payload)
                   && memcmp(natsMsg_GetData(msg), payload, strlen(payload)) == 0;
        natsMsg_Destroy(msg);
        if (!same)
            break;
        ++inOrder;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "%d of %d in order", inOrder, SEQUENCE_LENGTH);
    report(inOrder == SEQUENCE_LENGTH, "pub/sub with a wildcard subscription", detail);
    natsSubscription_Destroy(sub);
}

static void checkRequestReply(natsConnection *requester, natsConnection *responder)
{
    natsSubscription *sub = NULL;
    if (!checkStatus(natsConnection_Subscribe(&sub, responder, "c.svc.upper", onUpperRequest, NULL),
                     "subscribe responder")
        || !checkStatus(natsConnection_Flush(responder), "flush responder"))
        return;
    natsMsg *reply = NULL;
    natsStatus s = natsConnection_RequestString(&reply, requester, "c.svc.upper", "hello", RECEIVE_TIMEOUT_MS);
    int ok = s == NATS_OK && natsMsg_GetDataLength(reply) == 5 && memcmp(natsMsg_GetData(reply), "HELLO", 5) == 0;
    report(ok, "request/reply", s == NATS_OK ? NULL : natsStatus_GetText(s));
    natsMsg_Destroy(reply);
    natsSubscription_Destroy(sub);
}

static void checkNoResponders(natsConnection *nc)
{
    natsMsg *reply = NULL;
    natsStatus s = natsConnection_RequestString(&reply, nc, "c.nobody.home", "?", RECEIVE_TIMEOUT_MS);
    report(s == NATS_NO_RESPONDERS, "request without subscriber gives NATS_NO_RESPONDERS", natsStatus_GetText(s));
    natsMsg_Destroy(reply);
}

static void checkHeaders(natsConnection *publisher, natsConnection *subscriber)
{
    natsSubscription *sub = NULL;
    natsMsg *out = NULL;
    if (!checkStatus(natsConnection_SubscribeSync(&sub, subscriber, "c.hdr"), "subscribe c.hdr")
        || !checkStatus(natsConnection_Flush(subscriber), "flush subscriber")
        || !checkStatus(natsMsg_Create(&out, "c.hdr", NULL, "body", 4), "create message"))
        return;
    natsMsgHeader_Add(out, "X-Multi", "first");
    natsMsgHeader_Add(out, "X-Multi", "second");
    checkStatus(natsConnection_PublishMsg(publisher, out), "publish with headers");
    natsMsg_Destroy(out);

    natsMsg *in = NULL;
    const char **values = NULL;
    int count = 0;
    int ok = natsSubscription_NextMsg(&in, sub, RECEIVE_TIMEOUT_MS) == NATS_OK
             && natsMsgHeader_Values(in, "X-Multi", &values, &count) == NATS_OK
             && count == 2 && strcmp(values[0], "first") == 0 && strcmp(values[1], "second") == 0
             && natsMsg_GetDataLength(in) == 4 && memcmp(natsMsg_GetData(in), "body", 4) == 0;
    report(ok, "headers with two values round-trip", NULL);
    free((void *)values);
    natsMsg_Destroy(in);
    natsSubscription_Destroy(sub);
}

static void checkBigPayload(natsConnection *publisher, natsConnection *subscriber)
{
    natsSubscription *sub = NULL;
    if (!checkStatus(natsConnection_SubscribeSync(&sub, subscriber, "c.big"), "subscribe c.big")
        || !checkStatus(natsConnection_Flush(subscriber), "flush subscriber"))
        return;
    unsigned char *payload = malloc(BIG_PAYLOAD_SIZE);
    unsigned int state = 12345u;
    for (int i = 0; i < BIG_PAYLOAD_SIZE; ++i) {   /* every byte value, no pattern a codec could hide */
        state = state * 1103515245u + 12345u;
        payload[i] = (unsigned char)(state >> 16);
    }
    checkStatus(natsConnection_Publish(publisher, "c.big", payload, BIG_PAYLOAD_SIZE), "publish 256 KiB");
    natsMsg *in = NULL;
    int ok = natsSubscription_NextMsg(&in, sub, RECEIVE_TIMEOUT_MS) == NATS_OK
             && natsMsg_GetDataLength(in) == BIG_PAYLOAD_SIZE
             && memcmp(natsMsg_GetData(in), payload, BIG_PAYLOAD_SIZE) == 0;
    report(ok, "256 KiB binary payload intact", NULL);
    natsMsg_Destroy(in);
    free(payload);
    natsSubscription_Destroy(sub);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s nats://HOST:PORT\n", argv[0]);
        return 2;
    }
    natsConnection *a = NULL, *b = NULL;
    if (!checkStatus(natsConnection_ConnectTo(&a, argv[1]), "connect first client")
        || !checkStatus(natsConnection_ConnectTo(&b, argv[1]), "connect second client")) {
        natsConnection_Destroy(a);
        nats_Close();
        return 1;
    }
    report(1, "connected twice", argv[1]);

    checkSequence(a, b);
    checkRequestReply(a, b);
    checkNoResponders(a);
    checkHeaders(a, b);
    checkBigPayload(a, b);

    natsConnection_Destroy(a);
    natsConnection_Destroy(b);
    nats_Close();
    return finishReport();
}
