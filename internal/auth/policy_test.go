package auth

import (
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
)

func TestCan(t *testing.T) {
	orgA, orgB := int64(1), int64(2)
	admin := &portal.User{Role: portal.UserAdmin, Active: true}
	leader := &portal.User{Role: portal.UserProjectLeader, Active: true}
	contactA := &portal.User{Role: portal.UserContact, Active: true, Organisations: []portal.Organisation{{ID: orgA}}}
	inactive := &portal.User{Role: portal.UserAdmin, Active: false}
	who := map[string]*portal.User{"anonymous": nil, "admin": admin, "leader": leader, "contactA": contactA, "inactive": inactive}

	// allowed[action] lists who may do it on organisation A; on B the same
	// except contactA.
	allowed := map[Action][]string{
		ActionPublic:           {"anonymous", "admin", "leader", "contactA", "inactive"},
		ActionOwnAccount:       {"admin", "leader", "contactA"},
		ActionStaff:            {"admin", "leader"},
		ActionManageRounds:     {"admin", "leader"},
		ActionViewHistory:      {"admin", "leader"},
		ActionManageUsers:      {"admin"},
		ActionInviteContacts:   {"admin", "leader"},
		ActionViewOutbox:       {"admin"},
		ActionViewOrganisation: {"admin", "leader", "contactA"},
		ActionEditOrganisation: {"admin", "leader", "contactA"},
		// Anyone signed in passes and manages their own second factor.
		ActionVerifySecondFactor: {"admin", "leader", "contactA"},
		ActionOwnSecondFactor:    {"admin", "leader", "contactA"},
	}
	for _, a := range Actions {
		list, ok := allowed[a]
		if !ok {
			t.Errorf("action %s has no expectation in this test", a)
			continue
		}
		for name, u := range who {
			want := false
			for _, n := range list {
				want = want || n == name
			}
			if got := Can(u, a, Organisation(orgA)); got != want {
				t.Errorf("Can(%s, %s, org A) = %v; want %v", name, a, got, want)
			}
			wantB := want && !(name == "contactA" && NeedsOrganisation(a))
			if got := Can(u, a, Organisation(orgB)); got != wantB {
				t.Errorf("Can(%s, %s, org B) = %v; want %v", name, a, got, wantB)
			}
		}
	}
	if Can(contactA, ActionViewOrganisation, Target{}) {
		t.Error("a contact may view an organisation without naming it")
	}
	if Can(admin, Action("made-up"), Target{}) {
		t.Error("an unknown action is allowed")
	}
}

// TestCanWhilePending: between password and second factor a person may only
// pass the factor they have, or set one up when they have none.
func TestCanWhilePending(t *testing.T) {
	with := portal.User{Role: portal.UserAdmin, Active: true, HasSecondFactor: true}
	without := portal.User{Role: portal.UserAdmin, Active: true}
	off := portal.User{Role: portal.UserAdmin, HasSecondFactor: true}
	for _, a := range Actions {
		for _, c := range []struct {
			name string
			u    portal.User
			want bool
		}{
			{"with a factor", with, a == ActionPublic || a == ActionVerifySecondFactor},
			{"without a factor", without, a == ActionPublic || a == ActionOwnSecondFactor},
			{"switched off", off, false},
		} {
			if got := CanWhilePending(c.u, a); got != c.want {
				t.Errorf("CanWhilePending(%s, %s) = %v; want %v", c.name, a, got, c.want)
			}
		}
	}
}

// TestTOTPStep: the code of the step, of the step before and after (clock
// drift) are accepted and named by their step; others are not.
func TestTOTPStep(t *testing.T) {
	secret := NewTOTPSecret()
	now := time.Unix(1_800_000_015, 0)
	step := now.Unix() / 30
	for _, c := range []struct {
		at   time.Time
		ok   bool
		step int64
	}{
		{now, true, step},
		{now.Add(-30 * time.Second), true, step - 1},
		{now.Add(30 * time.Second), true, step + 1},
		{now.Add(-90 * time.Second), false, 0},
		{now.Add(90 * time.Second), false, 0},
	} {
		got, ok := TOTPStep(secret, TOTPCode(secret, c.at), now)
		if ok != c.ok || got != c.step {
			t.Errorf("code of %v: step %d, %v; want %d, %v", c.at.Sub(now), got, ok, c.step, c.ok)
		}
	}
	if _, ok := TOTPStep(secret, "12 34 5", now); ok {
		t.Error("five digits accepted")
	}
	code := TOTPCode(secret, now)
	if _, ok := TOTPStep(secret, code[:3]+" "+code[3:], now); !ok {
		t.Error("a code typed with a space is refused")
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, hashes := NewRecoveryCodes()
	if len(codes) != RecoveryCodeCount || len(hashes) != RecoveryCodeCount {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 19 || seen[c] {
			t.Errorf("code %q", c)
		}
		seen[c] = true
		if string(HashRecoveryCode(strings.ToLower(strings.ReplaceAll(c, "-", " ")))) != string(hashes[i]) {
			t.Errorf("code %q typed in lower case with spaces does not match", c)
		}
	}
}
