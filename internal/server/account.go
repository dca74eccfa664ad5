package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"modellportalen/internal/auth"
	"modellportalen/internal/store"
	"modellportalen/web"
)

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	u := *userFrom(r)
	return s.render(w, r, http.StatusOK, web.Account(web.AccountView{User: u, Name: u.Name}))
}

func (s *Server) changeName(w http.ResponseWriter, r *http.Request) error {
	u := *userFrom(r)
	v := web.AccountView{User: u, Name: cleanText(r.PostFormValue("name"), 200)}
	if v.Name == "" {
		v.NameErrors.Add("name", "Ange ditt namn.")
		return formAgain(web.Account(v), nil)
	}
	if err := s.Store.UpdateUser(r.Context(), store.Actor{UserID: u.ID}, u.ID, store.UserChange{Name: &v.Name}); err != nil {
		return err
	}
	return s.seeOther(w, r, "/konto", "Ditt namn är sparat.")
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := *userFrom(r)
	v := web.AccountView{User: u, Name: u.Name}
	current := r.PostFormValue("current-password")
	// Guessing the current password here is throttled like signing in,
	// and reserved the same way.
	client := store.LoginClient{IP: clientIP(r), Device: s.knownDevice(r, u.ID)}
	attempt, err := s.Store.ReserveLoginAttempt(ctx, u.Email, client, time.Now().Add(-auth.ThrottleWindow), auth.LoginLocked)
	if errors.Is(err, store.ErrLoginLocked) {
		v.PasswordErrs.Add("current-password", "För många felaktiga lösenord. Vänta en kvart och försök igen.")
		return s.render(w, r, http.StatusTooManyRequests, web.Account(v))
	}
	if err != nil {
		return err
	}
	hash, err := s.Store.PasswordHash(ctx, u.ID)
	if err != nil {
		return err
	}
	ok, err := s.Hashing.Verify(ctx, hash, current)
	if errors.Is(err, auth.ErrBadHash) {
		ok, err = false, nil
	}
	if err != nil {
		if cerr := s.Store.CancelLoginAttempt(context.WithoutCancel(ctx), attempt); cerr != nil {
			s.Log.Error("cancel login attempt", "err", cerr)
		}
		return err
	}
	if ok {
		// A right password is no failure.
		if err := s.Store.CancelLoginAttempt(ctx, attempt); err != nil {
			return err
		}
	} else {
		v.PasswordErrs.Add("current-password", "Det nuvarande lösenordet är fel.")
	}
	newHash, err := s.newPasswordHash(r, u, &v.PasswordErrs)
	if err != nil {
		return err
	}
	if len(v.PasswordErrs) > 0 {
		return formAgain(web.Account(v), nil)
	}
	if err := s.Store.ChangePassword(ctx, u.ID, newHash); err != nil {
		return err
	}
	// The change ends every other session of the account (they carry the
	// old password's time); this one continues under a new token.
	u, err = s.Store.UserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	// The second factor passed in this session still counts.
	factorAt := s.Sessions.GetInt64(ctx, sessSecondFactorAt)
	if err := s.signIn(ctx, u); err != nil {
		return err
	}
	if factorAt != 0 {
		s.Sessions.Put(ctx, sessSecondFactorAt, factorAt)
	}
	return s.seeOther(w, r, "/konto", "Ditt lösenord är bytt.")
}
