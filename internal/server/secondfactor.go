package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/auth"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// Session keys of the second-factor pages.
const (
	sessTOTPSecret = "totp_secret" // the secret being set up, until its first code is typed
	sessNewCodes   = "new_recovery_codes"
	sessCodesNext  = "new_recovery_codes_next"
)

// pageRoute registers a GET page in Swedish at pattern and in English
// under /en; sensitive pages ask for the second factor again when it is old.
func (s *Server) pageRoute(r chi.Router, pattern string, action auth.Action, sensitive bool, h handlerFunc) {
	for _, p := range []struct {
		pattern string
		h       handlerFunc
	}{{pattern, s.inSwedish(h)}, {web.Localize(web.English, pattern), s.inEnglish(h)}} {
		if sensitive {
			s.sensitiveRoute(r, http.MethodGet, p.pattern, action, "", p.h)
		} else {
			s.route(r, http.MethodGet, p.pattern, action, p.h)
		}
	}
}

// formRoute registers a form's POST at pattern (Swedish) and under /en
// (English), so a form shown again with errors stays in its language.
// Sensitive forms go back to the page of the form after a step-up: pattern
// without its last part when that ends in an action ("/ta-bort").
func (s *Server) formRoute(r chi.Router, pattern string, action auth.Action, sensitive bool, h handlerFunc) {
	for _, lang := range []web.Lang{web.Swedish, web.English} {
		p := web.Localize(lang, pattern)
		lh := func(w http.ResponseWriter, r *http.Request) error {
			return h(w, r.WithContext(web.WithLocale(r.Context(), web.Locale{Lang: lang, Path: pattern})))
		}
		if sensitive {
			s.sensitiveRoute(r, http.MethodPost, p, action, web.Localize(lang, "/konto/sakerhet"), lh)
		} else {
			s.route(r, http.MethodPost, p, action, lh)
		}
	}
}

// langOf is the language of a page or form of the second factor.
func langOf(r *http.Request) web.Lang { return web.LocaleOf(r.Context()).Lang }

func chosenLang(r *http.Request) web.Lang {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == string(web.English) {
		return web.English
	}
	return web.Swedish
}

// person is whoever the second-factor pages are for: the signed-in user,
// or someone between password and second factor (pending).
func person(r *http.Request) (u portal.User, pending bool) {
	if p := userFrom(r); p != nil {
		return *p, false
	}
	return *pendingFrom(r), true
}

// toSecondFactor sends someone who gave their password on to their second
// factor, or to setting one up when they have none.
func (s *Server) toSecondFactor(w http.ResponseWriter, r *http.Request, u portal.User) {
	if r.Method == http.MethodGet && r.URL.Path != "/logga-in" {
		s.Sessions.Put(r.Context(), sessAfterSignIn, r.URL.RequestURI())
	}
	to := "/verifiera"
	if !u.HasSecondFactor {
		to = "/konto/sakerhet"
	}
	http.Redirect(w, r, web.Localize(chosenLang(r), to), http.StatusSeeOther)
}

// needsStepUp reports whether a sensitive action must ask for the second
// factor again: it was last passed more than auth.StepUpAfter ago.
func (s *Server) needsStepUp(r *http.Request, u portal.User) bool {
	if !u.HasSecondFactor {
		return false
	}
	at := s.Sessions.GetInt64(r.Context(), sessSecondFactorAt)
	return s.now().Sub(time.UnixMicro(at)) > auth.StepUpAfter
}

// askStepUp sends the person to confirm their second factor, and then back
// to the page they asked for (a GET) or to back, the page of the form they
// sent, to send it again.
func (s *Server) askStepUp(w http.ResponseWriter, r *http.Request, back string) {
	next := back
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		next = r.URL.RequestURI()
	}
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, web.Localize(chosenLang(r), "/verifiera")+"?next="+url.QueryEscape(next), http.StatusSeeOther)
}

// afterSecondFactor is where a person goes once the second factor is
// passed: the page they asked for, else their start page.
func (s *Server) afterSecondFactor(ctx context.Context, u portal.User, next string) string {
	if next = localPath(next); next != "" {
		return next
	}
	if next = localPath(s.Sessions.PopString(ctx, sessAfterSignIn)); next != "" {
		return next
	}
	return homeOf(u)
}

func (s *Server) verifyView(ctx context.Context, u portal.User, pending bool, next string) (web.VerifyView, error) {
	v := web.VerifyView{Next: localPath(next), StepUp: !pending}
	hasTOTP, passkeys, _, err := s.Store.SecondFactors(ctx, u.ID)
	v.HasTOTP, v.HasPasskeys = hasTOTP, passkeys > 0
	return v, err
}

func (s *Server) verifyForm(w http.ResponseWriter, r *http.Request) error {
	u, pending := person(r)
	if !u.HasSecondFactor {
		// Nothing to confirm with: set a factor up first.
		http.Redirect(w, r, web.Localize(langOf(r), "/konto/sakerhet"), http.StatusSeeOther)
		return nil
	}
	v, err := s.verifyView(r.Context(), u, pending, r.URL.Query().Get("next"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.Verify(v))
}

// verify checks a code from the authenticator app or a recovery code.
func (s *Server) verify(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, pending := person(r)
	v, err := s.verifyView(ctx, u, pending, r.PostFormValue("next"))
	if err != nil {
		return err
	}
	_, v.Recovery = r.PostForm["recovery-code"]
	field := "code"
	if v.Recovery {
		field = "recovery-code"
	}
	v.Code = cleanText(r.PostFormValue(field), 64)
	if v.Code == "" {
		v.Errors.Add(field, web.Text(ctx, "sf.err."+map[bool]string{false: "code", true: "recovery"}[v.Recovery]+".empty"))
		return formAgain(web.Verify(v), nil)
	}
	attempt, ok, err := s.Store.ReserveSecondFactorAttempt(ctx, u.ID, time.Now().Add(-auth.ThrottleWindow), auth.SecondFactorLimit)
	if err != nil {
		return err
	}
	if !ok {
		s.Log.Warn("second factor refused: too many failures", "user_id", u.ID, "ip", clientIP(r))
		v.Errors.Add(field, web.Text(ctx, "sf.err.locked"))
		return s.render(w, r, http.StatusTooManyRequests, web.Verify(v))
	}
	passed := false
	if v.Recovery {
		passed, err = s.Store.UseRecoveryCode(ctx, u.ID, auth.HashRecoveryCode(v.Code))
	} else {
		passed, err = s.checkTOTP(ctx, u.ID, v.Code)
	}
	if err != nil {
		return err
	}
	if !passed {
		s.Log.Info("wrong second factor", "user_id", u.ID, "recovery", v.Recovery)
		v.Errors.Add(field, web.Text(ctx, map[bool]string{false: "sf.err.code", true: "sf.err.recovery"}[v.Recovery]))
		return formAgain(web.Verify(v), nil)
	}
	if err := s.Store.SecondFactorSucceeded(ctx, attempt); err != nil {
		return err
	}
	if err := s.passSecondFactor(ctx); err != nil {
		return err
	}
	if v.Recovery {
		_, _, left, err := s.Store.SecondFactors(ctx, u.ID)
		if err != nil {
			return err
		}
		// Whoever needs a recovery code has likely lost their app or key:
		// the page to set up a new one is where to go next.
		return s.seeOther(w, r, web.Localize(langOf(r), "/konto/sakerhet"), web.Textf(ctx, "sf.recovery.left", left))
	}
	http.Redirect(w, r, s.afterSecondFactor(ctx, u, v.Next), http.StatusSeeOther)
	return nil
}

// checkTOTP reports whether code is the user's current authenticator-app
// code and was not used before.
func (s *Server) checkTOTP(ctx context.Context, userID int64, code string) (bool, error) {
	secret, err := s.Store.TOTPSecret(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	step, ok := auth.TOTPStep(secret, code, s.now())
	if !ok {
		return false, nil
	}
	return s.Store.UseTOTPStep(ctx, userID, step)
}

// mustHaveSecondFactor: staff, and contacts an admin asked it of, may not
// remove their last factor.
func mustHaveSecondFactor(u portal.User) bool { return u.Role.IsStaff() || u.SecondFactorRequired }

func (s *Server) securityView(r *http.Request) (web.SecurityView, error) {
	ctx := r.Context()
	u, pending := person(r)
	v := web.SecurityView{Email: u.Email, Required: mustHaveSecondFactor(u), Pending: pending,
		PasskeysAvailable: s.passkeysAvailable(r)}
	hasTOTP, _, left, err := s.Store.SecondFactors(ctx, u.ID)
	if err != nil {
		return v, err
	}
	v.HasTOTP, v.RecoveryLeft = hasTOTP, left
	keys, err := s.Store.Passkeys(ctx, u.ID)
	for _, k := range keys {
		v.Passkeys = append(v.Passkeys, web.PasskeyRow{ID: k.ID, Name: k.Name, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt})
	}
	return v, err
}

// totpSetupView is the page for linking an authenticator app, with the
// secret it links kept in the session until it does.
func (s *Server) totpSetupView(r *http.Request) (web.TOTPSetupView, error) {
	ctx := r.Context()
	u, pending := person(r)
	secret := s.Sessions.GetString(ctx, sessTOTPSecret)
	if secret == "" {
		secret = auth.NewTOTPSecret()
		s.Sessions.Put(ctx, sessTOTPSecret, secret)
	}
	qr, err := auth.TOTPQRCode(secret, u.Email)
	return web.TOTPSetupView{Secret: secret, QRCode: qr, Pending: pending}, err
}

// enrolTOTP links the authenticator app once it shows a right code. The
// first second factor comes with recovery codes, and counts as passing it.
func (s *Server) enrolTOTP(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, pending := person(r)
	secret := s.Sessions.GetString(ctx, sessTOTPSecret)
	if secret == "" {
		http.Redirect(w, r, web.Localize(langOf(r), "/konto/sakerhet/app"), http.StatusSeeOther)
		return nil
	}
	v, err := s.totpSetupView(r)
	if err != nil {
		return err
	}
	code := cleanText(r.PostFormValue("code"), 64)
	step, ok := auth.TOTPStep(secret, code, s.now())
	if !ok {
		msg := "sf.err.code"
		if code == "" {
			msg = "sf.err.code.empty"
		}
		v.Errors.Add("code", web.Text(ctx, msg))
		return formAgain(web.TOTPSetup(v), nil)
	}
	var codes []string
	var hashes [][]byte
	if !u.HasSecondFactor {
		codes, hashes = auth.NewRecoveryCodes()
	}
	if err := s.Store.EnrolTOTP(ctx, store.Actor{UserID: u.ID}, u.ID, secret, step, hashes); err != nil {
		return err
	}
	s.Sessions.Remove(ctx, sessTOTPSecret)
	return s.firstFactorDone(w, r, u, pending, codes, "sf.totp.done")
}

// firstFactorDone ends setting up a factor with a redirect to what comes
// next (see factorAdded).
func (s *Server) firstFactorDone(w http.ResponseWriter, r *http.Request, u portal.User, pending bool, codes []string, done string) error {
	to, err := s.factorAdded(r, u, pending, codes, done)
	if err != nil {
		return err
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// factorAdded ends setting up a factor: the session counts as having
// passed it, and new recovery codes (the first factor's) are shown once. It
// returns where the person goes next.
func (s *Server) factorAdded(r *http.Request, u portal.User, pending bool, codes []string, done string) (string, error) {
	ctx := r.Context()
	if err := s.passSecondFactor(ctx); err != nil {
		return "", err
	}
	next := web.Localize(langOf(r), "/konto/sakerhet")
	if pending {
		next = s.afterSecondFactor(ctx, u, "")
	}
	if len(codes) == 0 {
		s.flash(r, web.Text(ctx, done))
		return next, nil
	}
	s.Sessions.Put(ctx, sessNewCodes, strings.Join(codes, " "))
	s.Sessions.Put(ctx, sessCodesNext, next)
	return web.Localize(langOf(r), "/konto/sakerhet/reservkoder"), nil
}

func (s *Server) recoveryCodes(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	codes := s.Sessions.PopString(ctx, sessNewCodes)
	next := localPath(s.Sessions.PopString(ctx, sessCodesNext))
	if codes == "" {
		http.Redirect(w, r, web.Localize(langOf(r), "/konto/sakerhet"), http.StatusSeeOther)
		return nil
	}
	if next == "" {
		next = "/konto/sakerhet"
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, web.RecoveryCodes(web.RecoveryCodesView{Codes: strings.Fields(codes), Next: next}))
}

func (s *Server) newRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	u, _ := person(r)
	if !u.HasSecondFactor {
		http.Redirect(w, r, web.Localize(langOf(r), "/konto/sakerhet"), http.StatusSeeOther)
		return nil
	}
	codes, hashes := auth.NewRecoveryCodes()
	if err := s.Store.ReplaceRecoveryCodes(r.Context(), store.Actor{UserID: u.ID}, u.ID, hashes); err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), sessNewCodes, strings.Join(codes, " "))
	s.Sessions.Put(r.Context(), sessCodesNext, web.Localize(langOf(r), "/konto/sakerhet"))
	http.Redirect(w, r, web.Localize(langOf(r), "/konto/sakerhet/reservkoder"), http.StatusSeeOther)
	return nil
}

// lastFactor reports whether removing one factor would leave a user who
// must have one without any.
func (s *Server) lastFactor(ctx context.Context, u portal.User) (bool, error) {
	if !mustHaveSecondFactor(u) {
		return false, nil
	}
	hasTOTP, passkeys, _, err := s.Store.SecondFactors(ctx, u.ID)
	n := passkeys
	if hasTOTP {
		n++
	}
	return n <= 1, err
}

// keepLastFactor refuses, back on the security page, to remove the one
// factor a person who needs a second factor has left.
func (s *Server) keepLastFactor(r *http.Request, u portal.User) error {
	last, err := s.lastFactor(r.Context(), u)
	if err != nil {
		return err
	}
	if last {
		return &redirectError{To: web.Localize(langOf(r), "/konto/sakerhet"), Flash: web.Text(r.Context(), "sf.last")}
	}
	return nil
}

func (s *Server) removeTOTP(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := person(r)
	if err := s.keepLastFactor(r, u); err != nil {
		return err
	}
	if err := s.Store.DeleteTOTP(ctx, store.Actor{UserID: u.ID}, u.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return s.seeOther(w, r, web.Localize(langOf(r), "/konto/sakerhet"), web.Text(ctx, "sf.totp.removed"))
}

func (s *Server) removePasskey(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := person(r)
	id, ok := idParam(r, "id")
	if !ok {
		return errNotFound
	}
	if err := s.keepLastFactor(r, u); err != nil {
		return err
	}
	err := s.Store.DeletePasskey(ctx, store.Actor{UserID: u.ID}, u.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	return s.seeOther(w, r, web.Localize(langOf(r), "/konto/sakerhet"), web.Text(ctx, "sf.passkey.gone"))
}

// resetSecondFactor removes every second factor of another user, who lost
// theirs; they set up a new one at their next sign-in.
func (s *Server) resetSecondFactor(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(r)
	if err != nil {
		return err
	}
	if err := s.Store.ResetSecondFactor(r.Context(), actorOf(r), u.ID); err != nil {
		return err
	}
	return s.seeOther(w, r, "/personal/anvandare", "Tvåstegsverifieringen för "+u.Name+" är nollställd. Hen väljer ett nytt andra steg vid nästa inloggning.")
}

// requireSecondFactor makes a second factor compulsory (or optional again)
// for a contact person; staff always need one.
func (s *Server) requireSecondFactor(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(r)
	if err != nil {
		return err
	}
	required := r.PostFormValue("required") == "true"
	done := u.Name + " väljer själv om hen använder tvåstegsverifiering."
	if required {
		done = u.Name + " måste nu använda tvåstegsverifiering."
	}
	return afterChange(s.Store.SetSecondFactorRequired(r.Context(), actorOf(r), u.ID, required), "/personal/anvandare", done)
}
