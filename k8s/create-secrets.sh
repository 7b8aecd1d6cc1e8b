#!/usr/bin/env bash
# Creates the Secrets the manifests reference, with fresh random values, in NAMESPACE
# (pes-dev or pes-prod). Nothing here is ever committed; run it once per cluster, before
# `kubectl apply -k k8s/overlays/...`. Existing Secrets are left alone (rotate by deleting first).
#
#   k8s/create-secrets.sh pes-dev
#   STRIPE_SECRET_KEY=sk_live_... STRIPE_WEBHOOK_SECRET=whsec_... k8s/create-secrets.sh pes-prod
#
# Stripe's keys cannot be generated: they come from the Stripe Dashboard (Developers → API keys, and
# the webhook endpoint's signing secret). Use test-mode keys (sk_test_...) for pes-dev. Without
# them no pes-stripe Secret is made and wallet-service refuses to start (it will not take top-ups
# it cannot verify).
#
# Needs kubectl, openssl and sha256sum.
set -euo pipefail
ns="${1:?usage: k8s/create-secrets.sh NAMESPACE}"
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"

create() { # name, then --from-literal/--from-file arguments
  local name="$1"; shift
  if kubectl -n "$ns" get secret "$name" >/dev/null 2>&1; then
    echo "secret $name exists: kept"
  else
    kubectl -n "$ns" create secret generic "$name" "$@" >/dev/null
    echo "secret $name created"
  fi
}
password() { openssl rand -base64 32 | tr -d '/+=\n' | cut -c1-32; }

# PostgreSQL's superuser, used only by the database's own initialisation.
create pes-postgres-admin --from-literal=password="$(password)"
# One role per service database (SPEC §1: no service reads another's tables).
for db in wallet earnings settlement revenue goal; do
  create "pes-db-$db" --from-literal=username="$db" --from-literal=password="$(password)"
done
# Redis users (read by redis-server as its --aclfile): no default user; wallet-service limited to
# the rules in local-stack/src/main/resources/redis/wallet-service.acl (the same file the local
# stack and every test use); probe may only PING (readiness); admin is for operators. The ACL file
# holds SHA-256 hashes; the passwords themselves are only in this Secret.
if ! kubectl -n "$ns" get secret pes-redis >/dev/null 2>&1; then
  root="$(cd "$(dirname "$0")/.." && pwd)"
  wallet_pw="$(password)"; admin_pw="$(password)"; probe_pw="$(password)"
  sha() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
  wallet_rules="$(grep -v '^#' "$root/local-stack/src/main/resources/redis/wallet-service.acl" | tr '\n' ' ')"
  acl="user default off resetkeys resetchannels -@all
user admin on #$(sha "$admin_pw") ~* &* +@all
user probe on #$(sha "$probe_pw") resetkeys resetchannels -@all +ping +auth +hello
user wallet-service on #$(sha "$wallet_pw") $wallet_rules"
  create pes-redis --from-literal=wallet-password="$wallet_pw" --from-literal=admin-password="$admin_pw" \
    --from-literal=probe-password="$probe_pw" --from-literal=users.acl="$acl"
else
  echo "secret pes-redis exists: kept"
fi
# The JWT key pair: services verify bearer tokens with publicKey.pem and sign the service token
# they present to each other with privateKey.pem (RSA 2048, PKCS#8 PEM, as JwtSigner reads it).
# With an external identity provider, put its public key in publicKey.pem instead.
if ! kubectl -n "$ns" get secret pes-jwt >/dev/null 2>&1; then
  dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/privateKey.pem" 2>/dev/null
  openssl pkey -in "$dir/privateKey.pem" -pubout -out "$dir/publicKey.pem"
  create pes-jwt --from-file=publicKey.pem="$dir/publicKey.pem" --from-file=privateKey.pem="$dir/privateKey.pem"
else
  echo "secret pes-jwt exists: kept"
fi
# The pages of developer-earnings-service and revenue-service sign their CSRF tokens with this key
# (pes.pages.csrf-key); every replica needs the same one.
create pes-pages --from-literal=csrf-key="$(openssl rand -base64 48 | tr -d '\n')"
# Stripe (wallet-service top-ups, SPEC §10): the secret API key and the webhook endpoint's signing secret.
if kubectl -n "$ns" get secret pes-stripe >/dev/null 2>&1; then
  echo "secret pes-stripe exists: kept"
elif [ -n "${STRIPE_SECRET_KEY:-}" ] && [ -n "${STRIPE_WEBHOOK_SECRET:-}" ]; then
  create pes-stripe --from-literal=secret-key="$STRIPE_SECRET_KEY" --from-literal=webhook-secret="$STRIPE_WEBHOOK_SECRET"
else
  echo "secret pes-stripe NOT created: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET and run again" >&2
  echo "  (wallet-service does not start without them; see wallet-service/README.md, 'Stripe')" >&2
fi
