"""Points an organisation of a running Tillit at a running OpenID Connect provider, as an
administrator would: registers Tillit as a client at the provider (dynamic client registration,
with Tillit's redirect URI), then sets the organisation's oidc_* settings through Tillit's
settings API with an administrator's token. Standard library only.

    python Tests/signon/configure.py --tillit http://127.0.0.1:8097 --provider http://127.0.0.1:9400 \
        --token tlt_… --organisation tillitsby
"""

import argparse
import json
import sys
import urllib.request


def call(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tillit", required=True)
    parser.add_argument("--provider", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--organisation", required=True)
    parser.add_argument("--identity-claim", default="email")
    args = parser.parse_args()
    tillit, provider = args.tillit.rstrip("/"), args.provider.rstrip("/")

    organisations = call("GET", f"{tillit}/api/v1/organisations?per_page=100", token=args.token)
    matches = [o for o in organisations["items"] if o["slug"] == args.organisation]
    if not matches:
        sys.exit(f"no organisation {args.organisation} in Tillit")
    organisation = matches[0]

    redirect = f"{tillit}/logga-in/sso/{args.organisation}/svar"
    client = call("POST", f"{provider}/oauth2/clients", {"redirect_uris": [redirect]})
    settings = call("PATCH", f"{tillit}/api/v1/organisations/{organisation['id']}/settings", {
        "oidc_issuer": provider,
        "oidc_client_id": client["client_id"],
        "oidc_client_secret": client["client_secret"],
        "oidc_identity_claim": args.identity_claim,
    }, token=args.token)
    if settings.get("oidc_client_secret") is not True or settings.get("oidc_issuer") != provider:
        sys.exit(f"the settings did not take: {settings}")
    print(f"{args.organisation} signs in with {provider} as client {client['client_id']} (redirect {redirect})")


if __name__ == "__main__":
    main()
