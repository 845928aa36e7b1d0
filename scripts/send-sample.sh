#!/usr/bin/env bash
# Sends a sample webhook to a running frontdesk, signed the way its platform signs it:
#   messenger_*.json, instagram_*.json  x-hub-signature-256: sha256=<hex HMAC-SHA256>
#                                       with the Meta app secret (APP_SECRET)
#   x_*.json                            x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256>
#                                       with the X consumer secret (X_CONSUMER_SECRET)
# The sample's timestamps are moved to now first, so it is not answered as a days-old message.
#   scripts/send-sample.sh [FILE] [URL]
# URL defaults to the file's channel on http://127.0.0.1:8080 (FRONTDESK_URL overrides the
# base); the secrets default to the samples of frontdesk.toml. curl's output, status line
# and headers included (X-Request-Id names the request in the logs).
set -euo pipefail
file=${1:-webhooks/messenger_text_message.json}
base=${FRONTDESK_URL:-http://127.0.0.1:8080}
case "$(basename "$file")" in
  x_*) channel=x ;;
  instagram_*) channel=instagram ;;
  *) channel=messenger ;;
esac
url=${2:-${base}/webhooks/${channel}}
now_ms=$(($(date +%s) * 1000))
now_iso=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
# Meta's "timestamp", X's "created_timestamp" (DMs) and "timestamp_ms" (posts), and the ISO
# "created_at" of X Activity posts.
body=$(sed -E \
  -e "s/\"timestamp\": *[0-9]+/\"timestamp\": ${now_ms}/" \
  -e "s/\"(created_timestamp|timestamp_ms)\": *\"[0-9]+\"/\"\\1\": \"${now_ms}\"/" \
  -e "s/\"created_at\": *\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\"/\"created_at\": \"${now_iso}\"/" \
  "$file")
if [ "$channel" = x ]; then
  secret=${X_CONSUMER_SECRET:-Kx7pQ2mN9vR4tY8wZ3aB6cD1eF5gH0jL2nP4qS7uV9xA3bC6dE}
  signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -binary | openssl base64 -A)
  header="x-twitter-webhooks-signature: sha256=${signature}"
else
  secret=${APP_SECRET:-a1b2c3d4e5f60718293a4b5c6d7e8f90}
  signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" | sed 's/^.* //')
  header="x-hub-signature-256: sha256=${signature}"
fi
curl -sS -i -X POST "$url" \
  -H 'content-type: application/json' \
  -H "$header" \
  --data-binary "$body"
echo
