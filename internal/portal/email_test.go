package portal

import "testing"

// TestValidEmail pins the one rule every form uses for an e-mail address.
func TestValidEmail(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"anna@exempel.se", true},
		{"anna.andersson+jam@kommun.example.se", true},
		{"a@b", false}, // no dot in the domain: a typo, never a mailbox
		{"anna@exempel", false},
		{"Anna <anna@exempel.se>", false},
		{"anna@exempel.se ", false},
		{"anna", false},
		{"", false},
		{"@exempel.se", false},
	} {
		if got := ValidEmail(c.in); got != c.want {
			t.Errorf("ValidEmail(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
