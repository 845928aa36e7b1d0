#!/usr/bin/env bash
# Sends a sample Messenger webhook to a running frontdesk, signed like Meta signs it.
# The sample's timestamps are moved to now first, so it is not answered as a days-old message.
#   scripts/send-sample.sh [FILE] [URL]
# APP_SECRET defaults to the sample secret of frontdesk.toml.
set -euo pipefail
file=${1:-webhooks/messenger_text_message.json}
url=${2:-http://127.0.0.1:8080/webhooks/messenger}
secret=${APP_SECRET:-a1b2c3d4e5f60718293a4b5c6d7e8f90}
now_ms=$(($(date +%s) * 1000))
body=$(sed -E "s/\"timestamp\": *[0-9]+/\"timestamp\": ${now_ms}/" "$file")
signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" | sed 's/^.* //')
curl -sS -i -X POST "$url" \
  -H 'content-type: application/json' \
  -H "x-hub-signature-256: sha256=${signature}" \
  --data-binary "$body"
echo
