package seed_test

import (
	"context"
	"testing"

	"modellportalen/internal/auth"
	"modellportalen/internal/seed"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

func TestDemoUsersIdempotent(t *testing.T) {
	ctx := context.Background()
	st := store.New(testdb.Seeded(t))
	for _, d := range seed.DemoLogins {
		if msg := auth.CheckPassword(d.Password, d.Email, d.Name); msg != "" {
			t.Errorf("demo password of %s not accepted: %s", d.Email, msg)
		}
	}
	for range 2 {
		if err := seed.DemoUsers(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	users, err := st.Users(ctx)
	if err != nil || len(users) != len(seed.DemoLogins) {
		t.Fatalf("%d users, %v; want %d", len(users), err, len(seed.DemoLogins))
	}
	logins, err := seed.ActiveDemoLogins(ctx, st)
	if err != nil || len(logins) != len(seed.DemoLogins) {
		t.Fatalf("active demo logins = %d, %v", len(logins), err)
	}
	// The demo staff come with their fixed authenticator-app secret.
	for _, d := range seed.DemoLogins {
		u, _ := st.UserByEmail(ctx, d.Email)
		secret, err := st.TOTPSecret(ctx, u.ID)
		switch {
		case d.Role.IsStaff() && (err != nil || secret != d.TOTPSecret || d.TOTPSecret == ""):
			t.Errorf("%s: secret %q, %v; want %q", d.Email, secret, err, d.TOTPSecret)
		case !d.Role.IsStaff() && err == nil:
			t.Errorf("%s: a contact got a demo secret", d.Email)
		}
	}
	umea, _ := st.UserByEmail(ctx, "umea@kommun.example")
	if u, _ := st.UserByID(ctx, umea.ID); len(u.Organisations) != 1 || u.Organisations[0].Name != "Umeå" {
		t.Errorf("Umeå contact bound to %+v", u.Organisations)
	}
	// The demo project leader leads the latest round, so has contact
	// persons to invite.
	pl, _ := st.UserByEmail(ctx, "projektledare@skr.example")
	if orgs, err := st.LedOrganisations(ctx, pl.ID); err != nil || len(orgs) == 0 {
		t.Errorf("the demo project leader leads no round with organisations (%v)", err)
	}
	// Once a demo password is changed, the login is no longer printed.
	h, _ := auth.HashPassword("ett helt annat lösenord")
	if err := st.ChangePassword(ctx, umea.ID, h); err != nil {
		t.Fatal(err)
	}
	if logins, _ := seed.ActiveDemoLogins(ctx, st); len(logins) != len(seed.DemoLogins)-1 {
		t.Errorf("%d demo logins printed after a password change", len(logins))
	}
}
