package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"modellportalen/internal/auth"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// addUser implements `portal user add`.
func addUser(ctx context.Context, st *store.Store, args []string, stdin *os.File, stdout io.Writer) error {
	fs := flag.NewFlagSet("portal user add", flag.ContinueOnError)
	email := fs.String("email", "", "the user's e-mail address (required)")
	role := fs.String("role", "", "admin, project_leader or contact (required)")
	name := fs.String("name", "", "the user's name (default: the part of the address before @)")
	orgSlug := fs.String("organisation", "", "for a contact: the organisation's URL name, e.g. umeå")
	password := fs.String("password", "", "the password (visible in shell history; better left out)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	r := portal.UserRole(*role)
	switch {
	case *email == "" || !strings.Contains(*email, "@"):
		return errors.New("--email with an e-mail address is required")
	case !r.Valid():
		return fmt.Errorf("--role must be admin, project_leader or contact, not %q", *role)
	case r == portal.UserContact && *orgSlug == "":
		return errors.New("a contact needs --organisation")
	}
	if *name == "" {
		*name, _, _ = strings.Cut(*email, "@")
	}
	nu := store.NewUser{Name: *name, Email: *email, Role: r}
	if *orgSlug != "" {
		org, err := st.OrganisationBySlug(ctx, *orgSlug)
		if err != nil {
			return fmt.Errorf("organisation %q: %w", *orgSlug, err)
		}
		nu.OrganisationIDs = []int64{org.ID}
	}

	pw, printed := *password, false
	switch {
	case pw != "":
	case term.IsTerminal(int(stdin.Fd())):
		var err error
		if pw, err = promptPassword(stdin, stdout); err != nil {
			return err
		}
	default:
		pw, printed = randomPassword(), true
	}
	if msg := auth.CheckPassword(pw, nu.Email, nu.Name); msg != "" {
		return fmt.Errorf("password not accepted: %s", msg)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	nu.PasswordHash = hash
	id, err := st.CreateUser(ctx, store.System("portal user add"), nu, nil, nil)
	if errors.Is(err, store.ErrEmailTaken) {
		return fmt.Errorf("a user with the address %s already exists", nu.Email)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added user %d: %s <%s>, %s\n", id, nu.Name, nu.Email, nu.Role)
	if printed {
		fmt.Fprintf(stdout, "Password: %s\n", pw)
	}
	return nil
}

func promptPassword(stdin *os.File, stdout io.Writer) (string, error) {
	fmt.Fprint(stdout, "Password (at least 12 characters): ")
	a, err := term.ReadPassword(int(stdin.Fd()))
	fmt.Fprintln(stdout)
	if err != nil {
		return "", err
	}
	fmt.Fprint(stdout, "Again: ")
	b, err := term.ReadPassword(int(stdin.Fd()))
	fmt.Fprintln(stdout)
	if err != nil {
		return "", err
	}
	if string(a) != string(b) {
		return "", errors.New("the passwords differ")
	}
	return string(a), nil
}

// randomPassword returns 26 random base32 characters (128 bits).
func randomPassword() string { return rand.Text() }
