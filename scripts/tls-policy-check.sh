#!/usr/bin/env bash
# scripts/tls-policy-check.sh HOST:PORT [SNI-NAME]: does an HTTPS listener keep Lotok's TLS
# policy (docs/deployment.md, "TLS")? Asks sslscan (Debian package `sslscan`) and checks:
#   - protocols: TLSv1.2 and TLSv1.3 enabled; SSLv2, SSLv3, TLSv1.0 and TLSv1.1 disabled;
#   - every cipher the server accepts is either a TLSv1.3 suite (all of them AEAD) or, for
#     TLSv1.2, an ECDHE key exchange with an AEAD cipher: ECDHE-{ECDSA,RSA}-AES{128,256}-GCM-
#     SHA{256,384} or ECDHE-{ECDSA,RSA}-CHACHA20-POLY1305, of at least 128 bits. So no NULL,
#     EXPORT, anonymous, RC4, DES/3DES, CBC (SHA-1 or SHA-2), static RSA or finite-field DHE;
#   - no compression, no insecure renegotiation, not vulnerable to Heartbleed.
# Prints sslscan's report and one `tls-policy: ...` line per violation; exits 0 when there are
# none, 1 when there are, 2 when sslscan could not connect. Used by scripts/package-test.sh
# (the packaged lotokd) and by hand on the cluster's gateway (scripts/cluster.sh).
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: scripts/tls-policy-check.sh HOST:PORT [SNI-NAME]" >&2; exit 2; }
target=$1
command -v sslscan >/dev/null || { echo "tls-policy: sslscan is missing (apt-get install sslscan)" >&2; exit 2; }
args=(--no-colour)
[ $# -ge 2 ] && args+=(--sni-name="$2")

report=$(sslscan "${args[@]}" "$target" 2>&1) || true
printf '%s\n' "$report"
grep -q "Supported Server Cipher(s):" <<<"$report" \
  || { echo "tls-policy: sslscan did not get a cipher list from $target" >&2; exit 2; }

violations=0
violation() { echo "tls-policy: $*" >&2; violations=$((violations + 1)); }

# Protocols: "TLSv1.2   enabled"
protocol_state() { sed -n "s/^$1 *\(enabled\|disabled\)\$/\1/p" <<<"$report" | head -1; }
for p in SSLv2 SSLv3 'TLSv1\.0' 'TLSv1\.1'; do
  state=$(protocol_state "$p")
  [ "$state" = disabled ] || violation "${p//\\/} is '${state:-not reported}', must be disabled"
done
for p in 'TLSv1\.2' 'TLSv1\.3'; do
  state=$(protocol_state "$p")
  [ "$state" = enabled ] || violation "${p//\\/} is '${state:-not reported}', must be enabled"
done

# Ciphers: "Accepted  TLSv1.2  256 bits  ECDHE-ECDSA-AES256-GCM-SHA384 Curve 25519 DHE 253"
ciphers=0
while read -r _ protocol bits _ name _; do
  ciphers=$((ciphers + 1))
  [ "$bits" -ge 128 ] 2>/dev/null || violation "$protocol $name: $bits bits"
  case "$protocol" in
    TLSv1.3) [[ $name =~ ^TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)$ ]] \
               || violation "TLSv1.3 suite $name is not an AEAD suite of the policy" ;;
    TLSv1.2) [[ $name =~ ^ECDHE-(ECDSA|RSA)-(AES(128-GCM-SHA256|256-GCM-SHA384)|CHACHA20-POLY1305)$ ]] \
               || violation "TLSv1.2 cipher $name is not ECDHE with AES-GCM or ChaCha20-Poly1305" ;;
    *) violation "$protocol cipher $name accepted" ;;
  esac
done < <(grep -E '^(Accepted|Preferred) ' <<<"$report")
[ "$ciphers" -gt 0 ] || violation "no accepted cipher reported"

grep -q "^Compression enabled" <<<"$report" && violation "TLS compression is enabled (CRIME)"
grep -qi "^Insecure session renegotiation supported" <<<"$report" && violation "insecure renegotiation"
grep -Eq "^[A-Za-z0-9.]+ vulnerable to heartbleed" <<<"$report" && violation "vulnerable to Heartbleed"

if [ "$violations" -gt 0 ]; then
  echo "tls-policy: $target breaks the policy ($violations)" >&2
  exit 1
fi
echo "tls-policy: $target keeps the policy: TLSv1.2 and TLSv1.3 only, $ciphers ciphers, all ECDHE/TLSv1.3 with AEAD"
