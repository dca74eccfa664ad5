package server

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"modellportalen/internal/auth"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// Passkeys (WebAuthn) with go-webauthn, which checks the ceremonies'
// signatures, origins, challenges and counters; the page's part is
// web/static/passkey.js. Each ceremony is two JSON posts: start returns the
// options for navigator.credentials, the second checks its answer. The
// challenge waits in the server-side session between them.

const (
	sessWebAuthn    = "webauthn" // go-webauthn's SessionData of the ceremony under way, JSON
	sessPasskeyName = "passkey_name"
)

// webAuthn is the relying party for this request: the portal's address
// (BASE_URL, or the request's own host) is the origin, its host the RP ID.
func (s *Server) webAuthn(r *http.Request) (*webauthn.WebAuthn, error) {
	origin := s.baseURL(r)
	u, err := url.Parse(origin)
	if err != nil {
		return nil, err
	}
	return webauthn.New(&webauthn.Config{
		RPID:          u.Hostname(),
		RPDisplayName: "Modellportalen",
		RPOrigins:     []string{origin},
	})
}

// passkeysAvailable reports whether passkeys can work at this address:
// browsers accept a domain name (localhost too) as relying party, never an
// IP address.
func (s *Server) passkeysAvailable(r *http.Request) bool {
	_, err := s.webAuthn(r)
	return err == nil
}

// passkeyUser is a user as go-webauthn sees them.
type passkeyUser struct {
	u     portal.User
	creds []webauthn.Credential
}

// WebAuthnID is the user handle kept in the authenticator: the account's
// number, which says nothing about the person.
func (p passkeyUser) WebAuthnID() []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(p.u.ID))
}
func (p passkeyUser) WebAuthnName() string                       { return p.u.Email }
func (p passkeyUser) WebAuthnDisplayName() string                { return p.u.Name }
func (p passkeyUser) WebAuthnCredentials() []webauthn.Credential { return p.creds }

func (s *Server) passkeyUser(ctx context.Context, u portal.User) (passkeyUser, error) {
	keys, err := s.Store.Passkeys(ctx, u.ID)
	if err != nil {
		return passkeyUser{}, err
	}
	pu := passkeyUser{u: u}
	for _, k := range keys {
		var c webauthn.Credential
		if err := json.Unmarshal(k.Credential, &c); err != nil {
			return pu, err
		}
		pu.creds = append(pu.creds, c)
	}
	return pu, nil
}

// writeJSON answers a ceremony's step.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ceremonyError is a step of a passkey ceremony that failed: serveError
// tells the page's script why, as JSON, and the page offers the other ways.
type ceremonyError struct {
	status int
	why    string
	err    error
}

func (e *ceremonyError) Error() string {
	if e.err == nil {
		return "passkey ceremony: " + e.why
	}
	return "passkey ceremony: " + e.why + ": " + e.err.Error()
}

// relyingParty is the WebAuthn relying party at this request's address,
// with u and their passkeys as its user.
func (s *Server) relyingParty(r *http.Request, u portal.User) (*webauthn.WebAuthn, passkeyUser, error) {
	wa, err := s.webAuthn(r)
	if err != nil {
		return nil, passkeyUser{}, &ceremonyError{http.StatusBadRequest, "passkeys need the portal at a domain name", err}
	}
	pu, err := s.passkeyUser(r.Context(), u)
	return wa, pu, err
}

// startCeremony keeps sd, the challenge, for the request that finishes the
// ceremony, and sends the browser options, what it asks the authenticator.
func (s *Server) startCeremony(ctx context.Context, w http.ResponseWriter, sd *webauthn.SessionData, options any) error {
	b, err := json.Marshal(sd)
	if err != nil {
		return err
	}
	s.Sessions.Put(ctx, sessWebAuthn, string(b))
	writeJSON(w, http.StatusOK, options)
	return nil
}

// takeCeremony returns the ceremony under way and ends it: a challenge is
// answered once.
func (s *Server) takeCeremony(ctx context.Context) (webauthn.SessionData, bool) {
	var sd webauthn.SessionData
	b := s.Sessions.PopString(ctx, sessWebAuthn)
	return sd, b != "" && json.Unmarshal([]byte(b), &sd) == nil
}

func (s *Server) beginPasskeyRegistration(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := person(r)
	var body struct {
		Name string `json:"name"`
	}
	_ = json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&body)
	name := cleanText(body.Name, 100)
	if name == "" {
		name = "Nyckel " + s.now().In(stockholm).Format("2006-01-02")
	}
	wa, pu, err := s.relyingParty(r, u)
	if err != nil {
		return err
	}
	creation, sd, err := wa.BeginRegistration(pu,
		webauthn.WithExclusions(webauthn.Credentials(pu.creds).CredentialDescriptors()),
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{
			ResidentKey:      protocol.ResidentKeyRequirementPreferred,
			UserVerification: protocol.VerificationPreferred,
		}))
	if err != nil {
		return err
	}
	s.Sessions.Put(ctx, sessPasskeyName, name)
	return s.startCeremony(ctx, w, sd, creation)
}

func (s *Server) finishPasskeyRegistration(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, pending := person(r)
	sd, ok := s.takeCeremony(ctx)
	name := s.Sessions.PopString(ctx, sessPasskeyName)
	if !ok || name == "" {
		return &ceremonyError{http.StatusBadRequest, "no ceremony under way", nil}
	}
	wa, pu, err := s.relyingParty(r, u)
	if err != nil {
		return err
	}
	cred, err := wa.FinishRegistration(pu, sd, r)
	if err != nil {
		return &ceremonyError{http.StatusBadRequest, "registration not accepted", err}
	}
	record, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	var codes []string
	var hashes [][]byte
	if !u.HasSecondFactor {
		codes, hashes = auth.NewRecoveryCodes()
	}
	if err := s.Store.AddPasskey(ctx, store.Actor{UserID: u.ID}, u.ID,
		store.Passkey{Name: name, CredentialID: cred.ID, Credential: record}, hashes); err != nil {
		return err
	}
	to, err := s.factorAdded(r, u, pending, codes, "sf.passkey.done")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"redirect": to})
	return nil
}

func (s *Server) beginPasskeyLogin(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := person(r)
	wa, pu, err := s.relyingParty(r, u)
	if err != nil {
		return err
	}
	if len(pu.creds) == 0 {
		return &ceremonyError{http.StatusNotFound, "no passkeys", nil}
	}
	assertion, sd, err := wa.BeginLogin(pu, webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		return err
	}
	return s.startCeremony(ctx, w, sd, assertion)
}

// finishPasskeyLogin checks the passkey's signature, under the same limit on
// failures as codes.
func (s *Server) finishPasskeyLogin(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := person(r)
	sd, ok := s.takeCeremony(ctx)
	if !ok {
		return &ceremonyError{http.StatusBadRequest, "no ceremony under way", nil}
	}
	attempt, ok, err := s.Store.ReserveSecondFactorAttempt(ctx, u.ID, time.Now().Add(-auth.ThrottleWindow), auth.SecondFactorLimit)
	if err != nil {
		return err
	}
	if !ok {
		return &ceremonyError{http.StatusTooManyRequests, "too many failures", nil}
	}
	wa, pu, err := s.relyingParty(r, u)
	if err != nil {
		return err
	}
	cred, err := wa.FinishLogin(pu, sd, r)
	if err == nil && cred.Authenticator.CloneWarning {
		err = errors.New("signature counter went backwards: the passkey may have been copied")
	}
	if err != nil {
		return &ceremonyError{http.StatusBadRequest, "assertion not accepted", err}
	}
	record, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	if err := s.Store.UsePasskey(ctx, u.ID, cred.ID, record); err != nil {
		return err
	}
	if err := s.Store.SecondFactorSucceeded(ctx, attempt); err != nil {
		return err
	}
	if err := s.passSecondFactor(ctx); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"redirect": s.afterSecondFactor(ctx, u, r.URL.Query().Get("next"))})
	return nil
}

// stockholm is the time zone of the default passkey name's date.
var stockholm = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		return loc
	}
	return time.UTC
}()
