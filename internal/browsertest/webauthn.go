package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
)

// VirtualAuthenticator gives the tab a passkey authenticator of its own
// through the DevTools WebAuthn domain: a platform authenticator (CTAP2,
// internal transport) that keeps discoverable credentials and verifies the
// user without asking, so that a page's navigator.credentials.create and
// get succeed as if a person had touched the fingerprint reader. It returns
// the authenticator's id for Passkeys.
func (b *Browser) VirtualAuthenticator(t testing.TB) webauthn.AuthenticatorID {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, b.Timeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		t.Fatalf("browsertest: enable WebAuthn: %v", err)
	}
	res, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol:                    webauthn.AuthenticatorProtocolCtap2,
			Ctap2version:                webauthn.Ctap2versionCtap21,
			Transport:                   webauthn.AuthenticatorTransportInternal,
			HasResidentKey:              true,
			HasUserVerification:         true,
			IsUserVerified:              true,
			AutomaticPresenceSimulation: true,
		},
	})
	if err != nil {
		t.Fatalf("browsertest: add a virtual authenticator: %v", err)
	}
	return res.AuthenticatorID
}

// Passkeys returns the credentials the virtual authenticator holds.
func (b *Browser) Passkeys(t testing.TB, id webauthn.AuthenticatorID) []*webauthn.Credential {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, b.Timeout)
	defer cancel()
	res, err := chromedp.Call(ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: id})
	if err != nil {
		t.Fatalf("browsertest: credentials of the virtual authenticator: %v", err)
	}
	return res.Credentials
}
