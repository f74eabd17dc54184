#!/bin/sh
# Makes throw-away TLS material for the tests in DIR (created if missing), with Debian's
# openssl: a test CA, a server certificate for localhost/127.0.0.1/::1, a client certificate
# from the same CA, and a client certificate from an unrelated CA. TEST USE ONLY.
#   ca.pem ca.key  server.pem server.key  server-rsa.pem server-rsa.key
#   client.pem client.key  other-ca.pem  stranger.pem stranger.key
#   server-encrypted.key (server.key under the passphrase "test")
set -eu
dir=${1:?usage: make-test-certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
days=36500
quiet() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; }

# ca NAME SUBJECT: a self-signed CA with an EC P-256 key.
ca() {
    quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$1.key" -out "$1.pem" -days $days -subj "/CN=$2" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
}

# leaf NAME CA SUBJECT EXTENSIONS [rsa:BITS]: a key (EC P-256 unless RSA is asked for) and a
# certificate signed by CA.
leaf() {
    if [ -n "${5:-}" ]; then key="-newkey $5"; else key="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1"; fi
    # shellcheck disable=SC2086 # $key is several words on purpose
    quiet openssl req $key -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$3"
    printf '%s\n' "$4" > "$1.ext"
    quiet openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial \
        -out "$1.pem" -days $days -extfile "$1.ext"
    rm -f "$1.csr" "$1.ext"
}

server_ext='subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
extendedKeyUsage=serverAuth'
client_ext='extendedKeyUsage=clientAuth'

ca ca "natsws test CA"
ca other-ca "natsws unrelated test CA"
leaf server ca localhost "$server_ext"
leaf server-rsa ca localhost "$server_ext" rsa:2048
leaf client ca "natsws test client" "$client_ext"
leaf stranger other-ca "natsws stranger" "$client_ext"
quiet openssl pkey -in server.key -aes256 -passout pass:test -out server-encrypted.key
rm -f ./*.srl
