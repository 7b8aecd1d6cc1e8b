#!/usr/bin/env bash
# Creates the Secrets the manifests reference, with fresh random values, in NAMESPACE
# (pes-dev or pes-prod). Nothing here is ever committed; run it once per cluster, before
# `kubectl apply -k k8s/overlays/...`. Existing Secrets are left alone (rotate by deleting first).
#
#   DEV_USER_ISSUER=1 k8s/create-secrets.sh pes-dev
#   STRIPE_SECRET_KEY=sk_live_... STRIPE_WEBHOOK_SECRET=whsec_... k8s/create-secrets.sh pes-prod
#
# Stripe's keys cannot be generated: they come from the Stripe Dashboard (Developers → API keys, and
# the webhook endpoint's signing secret). Use test-mode keys (sk_test_...) for pes-dev (its overlay sets
# WALLET_TOPUP_STRIPE_LIVE=false; the live default refuses to start with a test key). Without
# them no pes-stripe Secret is made and wallet-service refuses to start (it will not take top-ups
# it cannot verify).
#
# Needs kubectl, openssl, xxd and sha256sum.
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
# Keys for bearer tokens (SPEC §10; k8s/README.md, "Keys"). RSA 2048, PKCS#8 PEM, as JwtSigner reads them.
# - One Secret per service, pes-jwt-<service> (privateKey.pem): the key that service alone signs
#   the tokens it presents to the others with.
# - The ConfigMap pes-service-keys (<service>.pem): their public halves; a Deployment mounts only
#   the ones of the services allowed to call it.
# - The development end-user issuer: the Secret pes-jwt-users (privateKey.pem, to mint development
#   tokens) and the ConfigMap pes-user-jwks (jwks.json) the services verify user tokens with. With a
#   Made only when asked (DEV_USER_ISSUER=1): whoever can read its Secret mints admin tokens, so
#   a production namespace never gets it by default; there, set PES_JWT_USER_* in pes-config to
#   the real identity provider (without pes-user-jwks the pods cannot mount the development JWKS
#   and do not start).
dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT
services=(wallet-service developer-earnings-service settlement-service revenue-service goal-service)
keypair() { # file prefix
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key.pem" 2>/dev/null
  openssl pkey -in "$1.key.pem" -pubout -out "$1.pem"
}
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
public_keys=()
for s in "${services[@]}"; do
  if kubectl -n "$ns" get secret "pes-jwt-$s" >/dev/null 2>&1; then
    echo "secret pes-jwt-$s exists: kept"
    kubectl -n "$ns" get configmap pes-service-keys -o "jsonpath={.data.$s\\.pem}" > "$dir/$s.pem" 2>/dev/null || true
    [ -s "$dir/$s.pem" ] || { echo "pes-service-keys has no $s.pem: delete pes-jwt-$s and run again" >&2; exit 1; }
  else
    keypair "$dir/$s"
    create "pes-jwt-$s" --from-file=privateKey.pem="$dir/$s.key.pem"
  fi
  public_keys+=(--from-file="$s.pem=$dir/$s.pem")
done
kubectl -n "$ns" create configmap pes-service-keys "${public_keys[@]}" --dry-run=client -o yaml | kubectl -n "$ns" apply -f - >/dev/null
echo "configmap pes-service-keys written"
if [ -n "${DEV_USER_ISSUER:-}" ] && ! kubectl -n "$ns" get secret pes-jwt-users >/dev/null 2>&1; then
  keypair "$dir/users"
  modulus="$(openssl rsa -pubin -in "$dir/users.pem" -noout -modulus | cut -d= -f2)"
  n="$(printf '%s' "$modulus" | xxd -r -p | b64url)"
  kid="$(printf '%s' "$modulus" | xxd -r -p | openssl dgst -sha256 -binary | b64url | cut -c1-16)"
  printf '{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"AQAB"}]}\n' "$kid" "$n" > "$dir/jwks.json"
  create pes-jwt-users --from-file=privateKey.pem="$dir/users.key.pem"
  kubectl -n "$ns" create configmap pes-user-jwks --from-file=jwks.json="$dir/jwks.json" --dry-run=client -o yaml \
    | kubectl -n "$ns" apply -f - >/dev/null
  echo "configmap pes-user-jwks written"
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
