package seed

import (
	"context"
	"errors"
	"fmt"

	"modellportalen/internal/auth"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// DemoLogin is a demo account with a known password, for a development
// set-up only.
type DemoLogin struct {
	Name             string
	Email            string
	Password         string
	Role             portal.UserRole
	OrganisationSlug string // for a contact person
}

// DemoLogins are the accounts DemoUsers creates.
var DemoLogins = []DemoLogin{
	{Name: "Ada Admin", Email: "admin@skr.example", Password: "demo-admin-lösenord", Role: portal.UserAdmin},
	{Name: "Petra Projektledare", Email: "projektledare@skr.example", Password: "demo-projektledare-lösenord", Role: portal.UserProjectLeader},
	{Name: "Ulla Umeå", Email: "umea@kommun.example", Password: "demo-umeå-lösenord", Role: portal.UserContact, OrganisationSlug: "umeå"},
}

// DemoUsers creates the demo accounts that do not exist yet; it never
// changes an existing account, so running it again is harmless.
func DemoUsers(ctx context.Context, st *store.Store) error {
	for _, d := range DemoLogins {
		_, err := st.UserByEmail(ctx, d.Email)
		if err == nil {
			continue
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		nu := store.NewUser{Name: d.Name, Email: d.Email, Role: d.Role}
		if d.OrganisationSlug != "" {
			org, err := st.OrganisationBySlug(ctx, d.OrganisationSlug)
			if err != nil {
				return fmt.Errorf("demo user %s: organisation %s: %w", d.Email, d.OrganisationSlug, err)
			}
			nu.OrganisationIDs = []int64{org.ID}
		}
		if nu.PasswordHash, err = auth.HashPassword(d.Password); err != nil {
			return err
		}
		if _, err := st.CreateUser(ctx, store.System("portal seed"), nu, nil, nil); err != nil {
			return fmt.Errorf("demo user %s: %w", d.Email, err)
		}
	}
	return nil
}

// ActiveDemoLogins returns the demo accounts that exist, are active and
// still have their demo password: only then is it right to print them.
func ActiveDemoLogins(ctx context.Context, st *store.Store) ([]DemoLogin, error) {
	var out []DemoLogin
	for _, d := range DemoLogins {
		u, hash, err := st.UserForLogin(ctx, d.Email)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if ok, _ := auth.VerifyPassword(hash, d.Password); ok && u.Active {
			out = append(out, d)
		}
	}
	return out, nil
}
