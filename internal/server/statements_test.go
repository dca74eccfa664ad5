package server

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
)

// TestStatementsLinkedFromEveryPage: every page a visitor, a contact or
// staff can open has the footer links to the accessibility statement and
// the page on personal data, in the page's language.
func TestStatementsLinkedFromEveryPage(t *testing.T) {
	app := newTestApp(t)
	admin := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	contact := app.addUser(t, portal.UserContact, "kontakt@umea.example", "umeå")
	clients := map[string]*client{"visitor": app.client(t), "admin": app.client(t), "contact": app.client(t)}
	clients["admin"].login(admin.Email, testPassword)
	clients["contact"].login(contact.Email, testPassword)
	n := 0
	for _, rt := range walkRoutes(t, app.Server) {
		if rt.Method != http.MethodGet || rt.Pattern == "/logga-ut" {
			continue
		}
		path := concretePath(rt, app.orgID(t, "umeå"), contact.ID)
		for who, c := range clients {
			res := c.get(path)
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || (res.Status >= 300 && res.Status < 400) {
				continue
			}
			n++
			a11y, privacy := `href="/tillganglighet"`, `href="/personuppgifter"`
			if strings.HasPrefix(rt.Pattern, "/en/") {
				a11y, privacy = `href="/en/tillganglighet"`, `href="/en/personuppgifter"`
			}
			if !strings.Contains(res.Body, a11y) || !strings.Contains(res.Body, privacy) {
				t.Errorf("GET %s as %s (%d): the footer lacks %s or %s", path, who, res.Status, a11y, privacy)
			}
		}
	}
	if n < 60 {
		t.Errorf("checked only %d pages", n)
	}
}

// TestStatementPages: the accessibility statement follows Digg's structure
// and the privacy page answers what, why, how long and which rights, in
// both languages.
func TestStatementPages(t *testing.T) {
	app := newTestApp(t)
	cases := []struct {
		path, lang, h1 string
		want           []string
	}{
		{"/tillganglighet", "sv", "Tillgänglighetsredogörelse för Modellportalen", []string{
			"Sveriges Kommuner och Regioner (SKR) står bakom Modellportalen",
			"lagen (2018:1937) om tillgänglighet till digital offentlig service",
			"Hur tillgänglig är webbplatsen?",
			"Vad kan du göra om du inte kan använda delar av webbplatsen?",
			"Rapportera brister i webbplatsens tillgänglighet", "info@skr.se",
			"Tillsyn", `<a href="https://www.digg.se/">Myndigheten för digital förvaltning</a>`,
			"https://www.digg.se/tdosanmalan",
			"delvis förenlig", "EN 301 549", "WCAG 2.1 på nivå AA",
			"Innehåll som inte är tillgängligt", "Oskäligt betungande anpassning", "Innehåll som inte omfattas av lagkraven",
			"Hur vi testat webbplatsen", "självskattning",
			`Senaste bedömningen gjordes den <time datetime="2026-11-26">`,
			`Redogörelsen uppdaterades senast den <time datetime="2026-11-26">`}},
		{"/en/tillganglighet", "en", "Accessibility statement for Modellportalen", []string{
			"partially compliant", "EN 301 549", "WCAG 2.1 level AA", `href="https://www.digg.se/"`,
			"Reporting accessibility problems", "Enforcement", "How we tested the website", "self-assessment"}},
		{"/personuppgifter", "sv", "Personuppgifter i Modellportalen", []string{
			"personuppgiftsansvarig", "Delegater", "e-postadress och telefonnummer", "Användare",
			"en hash av ditt lösenord", "IP-adress", "efter en timmes inaktivitet", "device",
			"Uppgifterna sparas så länge", "Varför vi får behandla uppgifterna", "Dina rättigheter", "registerutdrag",
			`href="https://www.imy.se/"`}},
		{"/en/personuppgifter", "en", "Personal data in Modellportalen", []string{
			"data controller", "Delegates", "Users", "Your rights", "Authority for Privacy Protection"}},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			status, body := app.get(t, c.path)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			// A soft hyphen may mark where a long word breaks on a phone.
			if !strings.Contains(body, `<html lang="`+c.lang+`">`) || !strings.Contains(strings.ReplaceAll(body, "\u00ad", ""), "<h1>"+c.h1+"</h1>") {
				t.Errorf("not a %s page with h1 %q", c.lang, c.h1)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) && !strings.Contains(textOf(body), w) {
					t.Errorf("lacks %q", w)
				}
			}
		})
	}
}

// TestBrowserStatements opens both statements in both languages with axe,
// at a phone's width and a desktop's, and leaves screenshots for a person
// to look at in SCREENSHOT_DIR (if set).
func TestBrowserStatements(t *testing.T) {
	app := newTestApp(t)
	b := browsertest.New(t)
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{360, 1366} {
		b.Viewport(t, width, 900)
		for _, p := range []string{"/tillganglighet", "/en/tillganglighet", "/personuppgifter", "/en/personuppgifter"} {
			t.Run(fmt.Sprintf("%s at %d px", p, width), func(t *testing.T) {
				if status := b.Visit(t, app.URL+p); status != 200 {
					t.Fatalf("status %d", status)
				}
				b.Axe(t)
				if w := browsertest.Eval[int](t, b, "document.documentElement.scrollWidth"); w > width {
					t.Errorf("the page is %d px wide in a %d px window", w, width)
				}
				b.Screenshot(t, filepath.Join(dir, fmt.Sprintf("statement%s-%d.png", strings.ReplaceAll(p, "/", "-"), width)))
			})
		}
	}
	b.Viewport(t, 1280, 900)
	// Reached from the start page's footer.
	b.Visit(t, app.URL+"/")
	b.Follow(t, `footer a[href="/tillganglighet"]`)
	if got := strings.ReplaceAll(b.Text(t, "h1"), "\u00ad", ""); got != "Tillgänglighetsredogörelse för Modellportalen" {
		t.Errorf("footer link leads to %q", got)
	}
}
