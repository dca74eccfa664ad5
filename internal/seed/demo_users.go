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
	// TOTPSecret is the staff account's authenticator-app secret, fixed so
	// that a newcomer can sign in with `oathtool --totp -b SECRET` or add
	// it to an app by hand. Development only, like the passwords.
	TOTPSecret string
	// LeadsLatestRound makes the account a project leader of the record's
	// latest round, so the demo has contact persons to invite.
	LeadsLatestRound bool
}

// DemoLogins are the accounts DemoUsers creates.
var DemoLogins = []DemoLogin{
	{Name: "Ada Admin", Email: "admin@skr.example", Password: "demo-admin-lösenord", Role: portal.UserAdmin,
		TOTPSecret: "DEMOADMINSKRMODELLPORTALEN234567"},
	{Name: "Petra Projektledare", Email: "projektledare@skr.example", Password: "demo-projektledare-lösenord", Role: portal.UserProjectLeader,
		TOTPSecret: "DEMOPROJEKTLEDARESKRMODELLPORTAL", LeadsLatestRound: true},
	{Name: "Ulla Umeå", Email: "umea@kommun.example", Password: "demo-umeå-lösenord", Role: portal.UserContact, OrganisationSlug: "umeå"},
}

// DemoUsers creates the demo accounts that do not exist yet, the staff
// among them with their demo authenticator-app secret. An existing account
// is changed only to give a demo staff account that still has its demo
// password and no second factor the demo secret, so a development database
// from before second factors keeps working; running it again is harmless.
func DemoUsers(ctx context.Context, st *store.Store) error {
	for _, d := range DemoLogins {
		if err := demoUser(ctx, st, d); err != nil {
			return err
		}
		if d.LeadsLatestRound {
			if _, err := st.Pool.Exec(ctx, `
				INSERT INTO round_leaders (round_id, user_id)
				SELECT (SELECT id FROM rounds ORDER BY start_year DESC, end_year DESC, id DESC LIMIT 1), u.id
				FROM users u WHERE u.email = $1 AND EXISTS (SELECT 1 FROM rounds)
				ON CONFLICT DO NOTHING`, d.Email); err != nil {
				return fmt.Errorf("demo user %s: lead the latest round: %w", d.Email, err)
			}
		}
	}
	return nil
}

// demoUser creates one demo account, or gives an existing one its demo
// second factor.
func demoUser(ctx context.Context, st *store.Store, d DemoLogin) error {
	u, err := st.UserByEmail(ctx, d.Email)
	if err == nil {
		return demoSecondFactor(ctx, st, d, u)
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
	id, err := st.CreateUser(ctx, store.System("portal seed"), nu, nil, nil)
	if err != nil {
		return fmt.Errorf("demo user %s: %w", d.Email, err)
	}
	if d.TOTPSecret != "" {
		if err := st.EnrolTOTP(ctx, store.System("portal seed"), id, d.TOTPSecret, 0, nil); err != nil {
			return fmt.Errorf("demo user %s: %w", d.Email, err)
		}
	}
	return nil
}

func demoSecondFactor(ctx context.Context, st *store.Store, d DemoLogin, u portal.User) error {
	if d.TOTPSecret == "" || u.HasSecondFactor {
		return nil
	}
	_, hash, err := st.UserForLogin(ctx, d.Email)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if ok, _ := auth.VerifyPassword(hash, d.Password); !ok {
		return nil
	}
	return st.EnrolTOTP(ctx, store.System("portal seed"), u.ID, d.TOTPSecret, 0, nil)
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

// DemoPasswordsInUse returns the addresses of demo accounts, active or
// switched off, that still have their demo password. A portal open to the
// world must have none: anyone can read the passwords in the README.
func DemoPasswordsInUse(ctx context.Context, st *store.Store) ([]string, error) {
	var out []string
	for _, d := range DemoLogins {
		u, err := st.UserByEmail(ctx, d.Email)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		hash, err := st.PasswordHash(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if ok, _ := auth.VerifyPassword(hash, d.Password); ok {
			out = append(out, d.Email)
		}
	}
	return out, nil
}

// RemoveDemoUsers switches off the demo accounts that still have their demo
// password and removes that password. The accounts stay, because the audit
// log refers to them; an admin can invite them again to give them a
// password of their own.
func RemoveDemoUsers(ctx context.Context, st *store.Store) error {
	emails, err := DemoPasswordsInUse(ctx, st)
	if err != nil {
		return err
	}
	for _, email := range emails {
		u, err := st.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		if err := st.RemovePassword(ctx, store.System("portal seed --remove-demo"), u.ID); err != nil {
			return fmt.Errorf("remove demo user %s: %w", email, err)
		}
	}
	return nil
}
