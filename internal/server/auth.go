package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/auth"
	mailer "modellportalen/internal/mail"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// How long links in mail work.
const (
	inviteValidity = 7 * 24 * time.Hour
	resetValidity  = time.Hour
	// resetsPerHour bounds reset mail to one address, so the form cannot be
	// used to flood someone's inbox.
	resetsPerHour = 3
	// resetRequestsPerAddress bounds the reset requests one client address
	// may make in an hour, for any e-mail addresses, so the form cannot be
	// used to spray mail or to probe.
	resetRequestsPerAddress = 20
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if u := userFrom(r); u != nil {
		http.Redirect(w, r, homeOf(*u), http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, web.Login(web.LoginView{Next: localPath(r.URL.Query().Get("next"))}))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := web.LoginView{Email: cleanText(r.PostFormValue("email"), 254), Next: localPath(r.PostFormValue("next"))}
	password := r.PostFormValue("password")
	if v.Email == "" {
		v.Errors.Add("email", "Ange din e-postadress.")
	}
	if password == "" {
		v.Errors.Add("password", "Ange ditt lösenord.")
	}
	if len(v.Errors) > 0 {
		return formAgain(web.Login(v), nil)
	}
	u, hash, err := s.Store.UserForLogin(ctx, v.Email)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	client := store.LoginClient{IP: clientIP(r)}
	if known {
		client.Device = s.knownDevice(r, u.ID)
	}
	// The attempt is counted before the password is checked, so parallel
	// guesses cannot slip past the lock.
	attempt, err := s.Store.ReserveLoginAttempt(ctx, v.Email, client, time.Now().Add(-auth.ThrottleWindow), auth.LoginLocked)
	if errors.Is(err, store.ErrLoginLocked) {
		s.Log.Warn("login refused: too many failures", "ip", client.IP, "known_device", client.Device != "")
		s.Metrics.SignInLocked()
		v.Errors.Add("email", "För många misslyckade inloggningar. Vänta en kvart och försök igen, eller återställ ditt lösenord via länken nedan.")
		return s.render(w, r, http.StatusTooManyRequests, web.Login(v))
	}
	if err != nil {
		return err
	}
	ok := false
	if known {
		ok, err = s.Hashing.Verify(ctx, hash, password)
		if errors.Is(err, auth.ErrBadHash) {
			s.Log.Error("unreadable password hash", "user_id", u.ID, "err", err)
			err = nil
		}
	} else {
		err = s.Hashing.VerifyNoUser(ctx, password)
	}
	if err != nil {
		// Too busy to check (or the client left): the attempt does not count.
		if cerr := s.Store.CancelLoginAttempt(context.WithoutCancel(ctx), attempt); cerr != nil {
			s.Log.Error("cancel login attempt", "err", cerr)
		}
		if errors.Is(err, auth.ErrBusy) {
			s.Log.Warn("login refused: every password hashing slot busy", "ip", client.IP)
			w.Header().Set("Retry-After", "2")
			v.Errors.Add("password", "Just nu loggar väldigt många in. Vänta några sekunder och försök igen.")
			return s.render(w, r, http.StatusServiceUnavailable, web.Login(v))
		}
		return err
	}
	if !ok {
		s.Metrics.SignInFailed()
		// One message whatever was wrong, so the form tells no one which
		// addresses have accounts.
		v.Errors.Add("email", "E-postadressen eller lösenordet är fel.")
		return formAgain(web.Login(v), nil)
	}
	return s.passwordAccepted(w, r, u, attempt, v.Next)
}

// passwordAccepted completes a sign-in whose password was right: it records
// the login, marks the browser as a known device of the account and makes
// the session the user's, or, when a second factor is owed, pending until
// it is passed.
func (s *Server) passwordAccepted(w http.ResponseWriter, r *http.Request, u portal.User, attempt int64, next string) error {
	ctx := r.Context()
	if err := s.Store.LoginSucceeded(ctx, attempt, u.ID); err != nil {
		return err
	}
	if err := s.setDeviceCookie(w, r, u.ID); err != nil {
		return err
	}
	if err := s.signIn(ctx, u); err != nil {
		return err
	}
	if u.NeedsSecondFactor() {
		// Not signed in yet: the second factor (or setting one up) comes
		// first, and then the page asked for.
		s.Sessions.Put(ctx, sessAfterSignIn, next)
		s.toSecondFactor(w, r, u)
		return nil
	}
	if next == "" {
		next = homeOf(u)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// homeOf is where a person lands after signing in.
func homeOf(u portal.User) string {
	if u.Role.IsStaff() {
		return "/personal"
	}
	return "/mina-sidor"
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	// A fresh session carries the goodbye to the login page.
	return s.seeOther(w, r, "/logga-in", "Du är utloggad.")
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, web.ForgotPassword(web.ForgotView{}))
}

func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := web.ForgotView{Email: cleanText(r.PostFormValue("email"), 254)}
	if v.Email == "" {
		v.Errors.Add("email", "Ange din e-postadress.")
	} else if !portal.ValidEmail(v.Email) {
		v.Errors.Add("email", "Ange en e-postadress som namn@exempel.se.")
	}
	if len(v.Errors) > 0 {
		return formAgain(web.ForgotPassword(v), nil)
	}
	byAccount, byIP, err := s.Store.RecordResetRequest(ctx, v.Email, clientIP(r), time.Now().Add(-time.Hour))
	if err != nil {
		return err
	}
	if byIP > resetRequestsPerAddress {
		s.Log.Warn("password reset refused: too many from one address", "ip", clientIP(r))
		v.Errors.Add("email", "För många förfrågningar från din adress. Vänta en timme och försök igen, eller kontakta SKR:s projektledare.")
		return s.render(w, r, http.StatusTooManyRequests, web.ForgotPassword(v))
	}
	u, err := s.Store.UserByEmail(ctx, v.Email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.Log.Info("password reset asked for an unknown address")
	case err != nil:
		return err
	case !u.Active:
		s.Log.Info("password reset asked for a switched-off account", "user_id", u.ID)
	case byAccount > resetsPerHour:
		// The page says the same as ever, so it tells no one whether the
		// address has an account.
		s.Log.Warn("password reset refused: too many this hour", "user_id", u.ID)
	default:
		token, hash := auth.NewToken()
		expires := time.Now().Add(resetValidity)
		m := mailer.PasswordReset(u.Name, u.Email, s.baseURL(r)+"/aterstall/"+token, expires)
		if err := s.Store.IssueToken(ctx, u.ID, store.NewToken{Hash: hash, Purpose: store.TokenReset, Expires: expires}, &m); err != nil {
			return err
		}
		s.notifyMail()
	}
	v.Sent = true
	return s.render(w, r, http.StatusOK, web.ForgotPassword(v))
}

// invitation is what invites name at email to choose a password: the
// token to store, of which only the hash is kept, and the mail with the
// link it opens.
func (s *Server) invitation(r *http.Request, name, email string) (store.NewToken, portal.Mail) {
	token, hash := auth.NewToken()
	expires := time.Now().Add(inviteValidity)
	return store.NewToken{Hash: hash, Purpose: store.TokenInvite, Expires: expires},
		mailer.Invitation(name, email, s.baseURL(r)+"/inbjudan/"+token, expires)
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	return s.setPasswordForm(w, r, store.TokenReset)
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) error {
	return s.setPasswordForm(w, r, store.TokenInvite)
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) error {
	return s.setPassword(w, r, store.TokenReset)
}

func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) error {
	return s.setPassword(w, r, store.TokenInvite)
}

func setPasswordView(r *http.Request, purpose string, u portal.User) web.SetPasswordView {
	path := "/aterstall/"
	if purpose == store.TokenInvite {
		path = "/inbjudan/"
	}
	return web.SetPasswordView{Invitation: purpose == store.TokenInvite, Action: path + chi.URLParam(r, "token"),
		Name: u.Name, Email: u.Email}
}

// setPasswordForm shows the form behind an invitation or reset link.
func (s *Server) setPasswordForm(w http.ResponseWriter, r *http.Request, purpose string) error {
	// The token is a secret: do not pass it on to other sites.
	w.Header().Set("Referrer-Policy", "no-referrer")
	u, err := s.Store.TokenUser(r.Context(), auth.HashToken(chi.URLParam(r, "token")), purpose)
	if errors.Is(err, store.ErrNotFound) {
		return s.render(w, r, http.StatusNotFound, web.LinkInvalid(purpose == store.TokenInvite))
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.SetPassword(setPasswordView(r, purpose, u)))
}

// setPassword spends an invitation or reset token on a new password and
// signs the person in.
func (s *Server) setPassword(w http.ResponseWriter, r *http.Request, purpose string) error {
	ctx := r.Context()
	w.Header().Set("Referrer-Policy", "no-referrer")
	hash := auth.HashToken(chi.URLParam(r, "token"))
	u, err := s.Store.TokenUser(ctx, hash, purpose)
	if errors.Is(err, store.ErrNotFound) {
		return s.render(w, r, http.StatusNotFound, web.LinkInvalid(purpose == store.TokenInvite))
	}
	if err != nil {
		return err
	}
	v := setPasswordView(r, purpose, u)
	pwHash, err := s.newPasswordHash(r, u, &v.Errors)
	if err != nil {
		return err
	}
	if len(v.Errors) > 0 {
		return formAgain(web.SetPassword(v), nil)
	}
	u, err = s.Store.SetPasswordWithToken(ctx, hash, purpose, pwHash, clientIP(r))
	if errors.Is(err, store.ErrNotFound) {
		// Spent by a concurrent request since the check above.
		return s.render(w, r, http.StatusNotFound, web.LinkInvalid(purpose == store.TokenInvite))
	}
	if err != nil {
		return err
	}
	if err := s.Store.RecordLogin(ctx, u.ID, u.Email, clientIP(r)); err != nil {
		return err
	}
	if err := s.signIn(ctx, u); err != nil {
		return err
	}
	notice := "Ditt nya lösenord är sparat och du är inloggad."
	if purpose == store.TokenInvite {
		notice = "Välkommen! Ditt lösenord är sparat och du är inloggad."
	}
	return s.seeOther(w, r, "/konto", notice)
}

// newPasswordHash reads the new password u typed twice, adds what is wrong
// with it to errs, and hashes it when errs has nothing at all.
func (s *Server) newPasswordHash(r *http.Request, u portal.User, errs *web.Errors) (string, error) {
	password := r.PostFormValue("password")
	if msg := auth.CheckPassword(password, u.Email, u.Name); msg != "" {
		errs.Add("password", msg)
	} else if r.PostFormValue("password-again") != password {
		errs.Add("password-again", "Lösenorden är inte likadana. Skriv samma lösenord två gånger.")
	}
	if len(*errs) > 0 {
		return "", nil
	}
	return s.Hashing.Hash(r.Context(), password)
}

func (s *Server) notifyMail() {
	if s.Config.MailNotify != nil {
		s.Config.MailNotify()
	}
}
