package auth

import (
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	h, err := HashPassword("rätt häst batteri häftklammer")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash not in PHC form: %s", h)
	}
	h2, _ := HashPassword("rätt häst batteri häftklammer")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt is not random")
	}
	for pw, want := range map[string]bool{"rätt häst batteri häftklammer": true, "fel": false, "": false} {
		ok, err := VerifyPassword(h, pw)
		if err != nil || ok != want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$YQ$YQ", "$argon2id$v=19$m=0,t=1,p=1$YQ$YQ", "plain"} {
		if _, err := VerifyPassword(bad, "x"); err == nil {
			t.Errorf("VerifyPassword accepted hash %q", bad)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password string
		ok       bool
	}{
		{"", false},
		{"kort", false},
		{"elva tecken", false},
		{"password1234", false},      // listed word with digits
		{"Password2024!", false},     // case and punctuation do not help
		{"aaaaaaaaaaaaaa", false},    // one character repeated
		{"lösenord12345", false},     // Swedish addition
		{"anna@umea.example", false}, // the e-mail address itself
		{"grön kaffe vid älven", true},
		{"tåg-över-fjället-7", true},
	}
	for _, tt := range tests {
		got := CheckPassword(tt.password, "anna@umea.example", "Anna Andersson")
		if (got == "") != tt.ok {
			t.Errorf("CheckPassword(%q) = %q; want ok=%v", tt.password, got, tt.ok)
		}
	}
}
