package server

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"modellportalen/internal/portal"
)

// swedishChrome are words of the portal's own Swedish interface, which an
// English page must not show outside content marked lang="sv". Names from
// the programme (rounds, groups such as "Askersund och Fagersta") are proper
// names and stay as they are, so words that occur in them are not listed.
var swedishChrome = regexp.MustCompile(`\b(` + strings.Join([]string{
	"Logga in", "Logga ut", "Mina sidor", "Mitt konto", "Konto", "Sök", "Sök organisation",
	"Omgångar", "Omgång", "Organisationer", "Mentorkedjor", "Statistik", "Öppna data",
	"Deltagare", "deltagare", "Mentorer", "mentorer", "Jämförelsegrupp", "Fokusområde", "Förvaltning",
	"Lärandeträffar", "Karta", "Hoppa till innehållet", "Huvudmeny", "Brödsmulor", "Språk",
	"träff", "träffar", "Inga", "Alla län", "Namn", "Typ", "Roll", "Kommun", "Stödmentor", "avbröt",
	"med stöd av", "värd", "Historik", "Totalt", "Utan län", "Fält", "Betydelse", "Sidan finns inte",
	"Tillgänglighetsredogörelse", "Personuppgifter", "Om webbplatsen", "hittills", "omgångar", "organisationer",
}, "|") + `)\b`)

// englishText is what a visitor sees or hears on the page, less content
// marked as Swedish (and the switch to Swedish): text, and the attributes
// read out or shown.
func englishText(t *testing.T, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" || n.Data == "style" {
				return
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "lang":
					if a.Val == "sv" {
						return
					}
				case "aria-label", "title", "alt", "placeholder":
					b.WriteString(" " + a.Val + " ")
				}
			}
			if n.Data == "input" {
				for _, a := range n.Attr {
					if a.Key == "type" && (a.Val == "submit" || a.Val == "button") {
						for _, v := range n.Attr {
							if v.Key == "value" {
								b.WriteString(" " + v.Val + " ")
							}
						}
					}
				}
			}
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	// Addresses shown as text (/oppna-data/deltagare.csv) are not words.
	var words []string
	for _, w := range strings.Fields(b.String()) {
		if !strings.Contains(w, "/") {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// TestEnglishPagesHaveNoSwedishChrome walks every GET route under /en/,
// and some variants of the public ones, as a visitor and signed in, and
// looks for the Swedish interface outside content marked as Swedish.
func TestEnglishPagesHaveNoSwedishChrome(t *testing.T) {
	app := newTestApp(t)
	contact := app.addUser(t, portal.UserContact, "kontakt@umea.example", "umeå")
	staff := app.addUser(t, portal.UserProjectLeader, "pl@skr.example")
	clients := map[string]*client{"visitor": app.client(t), "contact": app.client(t), "staff": app.client(t)}
	clients["contact"].login(contact.Email, testPassword)
	clients["staff"].login(staff.Email, testPassword)

	paths := []string{"/en/organisationer/ume%C3%A5", "/en/organisationer/askersund", "/en/organisationer/malm%C3%B6",
		"/en/organisationer?q=orebro", "/en/organisationer?q=xyzzy", "/en/organisationer?q=ume",
		"/en/omgangar/2015-2016", "/en/omgangar/2021-2023", "/en/omgangar/2017-2018", "/en/omgangar/2023-2025", "/en/finns-inte", "/en/omgangar/1999"}
	for _, rt := range walkRoutes(t, app.Server) {
		if rt.Method == http.MethodGet && strings.HasPrefix(rt.Pattern, "/en/") {
			paths = append(paths, concretePath(rt, 0, 0))
		}
	}
	if len(paths) < 20 {
		t.Fatalf("only %d English pages", len(paths))
	}
	for _, path := range paths {
		for who, c := range clients {
			res := c.get(path)
			if res.Status >= 300 && res.Status < 400 {
				continue // a signed-in page (the account's security pages) sends visitors to sign in
			}
			// 410: a reply link that no longer works says so on a page.
			if res.Status != 200 && res.Status != 404 && res.Status != http.StatusGone {
				t.Errorf("GET %s as %s: %d", path, who, res.Status)
				continue
			}
			if strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
				// A calendar file: its name and event titles in English.
				if res.Status == 200 {
					if cal, _ := parsedFeed(t, res); !strings.HasSuffix(calendarProperty(cal, "X-WR-CALNAME"), "joint learning meetings") {
						t.Errorf("GET %s as %s: calendar named %q", path, who, calendarProperty(cal, "X-WR-CALNAME"))
					}
				}
				continue
			}
			if !strings.Contains(res.Body, `<html lang="en">`) {
				t.Errorf("GET %s as %s: not an English page", path, who)
				continue
			}
			text := englishText(t, res.Body)
			if m := swedishChrome.FindAllString(text, -1); m != nil {
				t.Errorf("GET %s as %s shows Swedish %q in: %.300s", path, who, m, text)
			}
		}
	}
}

// TestPluralsOnPages: the pilot round has one known participant, which the
// round lists say in the singular in both languages.
func TestPluralsOnPages(t *testing.T) {
	app := newTestApp(t)
	wrong := regexp.MustCompile(`\b1 (participants|mentors|results|rounds|organisations|mentorer|träffar|omgångar|organisationer)\b`)
	for _, c := range []struct{ path, want string }{
		{"/", "Pilotomgången 2015–2016 Avslutad · Modellkommuner 7 deltagare Modellkommuner 2017–2018"},
		{"/en/", "Modellkonceptet för jämställdhet 2023–2025 Completed · Model municipalities and Model regions 3 participants (2 in the municipal track, 1 in the regional track), 1 mentor"},
		{"/en/", "15 participants, 6 mentors"},
		{"/en/organisationer?q=umea", "1 result."},
		{"/organisationer?q=umea", "1 träff."},
		{"/en/organisationer?q=orebro", "2 results."},
	} {
		status, body := app.get(t, c.path)
		text := textOf(body)
		if status != 200 || !strings.Contains(text, c.want) {
			t.Errorf("GET %s: %d, lacks %q", c.path, status, c.want)
		}
		if m := wrong.FindString(text); m != "" {
			t.Errorf("GET %s says %q", c.path, m)
		}
	}
}

// TestRecordTextsInEnglish: descriptions and focus areas show in English
// where a translation exists, and otherwise in Swedish marked as such.
func TestRecordTextsInEnglish(t *testing.T) {
	app := newTestApp(t)
	if _, err := app.Store.Pool.Exec(t.Context(),
		`UPDATE benchmarking_groups SET focus_area = 'Jämställd medborgardialog' WHERE label = 'Askersund och Fagersta'`); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path    string
		want    []string
		notWant []string
	}{
		{"/en/omgangar/2019", []string{
			`<p class="lead">Municipalities and an association of municipalities in benchmarking groups with mentors from earlier rounds, and for the first time regions (Model regions). The municipalities worked from February 2019 to February 2020, the regions until December 2020.</p>`,
			`<strong>Focus area:</strong> <span>Public health and social sustainability</span>`,
			`<strong>Focus area:</strong> <span lang="sv">Jämställd medborgardialog</span>`,
			`<span class="tag tag-warn">withdrew in spring 2019</span>`,
			`<span>Named by SKL in November 2018 but absent from SKL`,
		}, []string{"Folkhälsa och social hållbarhet", "Kommuner och ett kommunförbund"}},
		{"/omgangar/2019", []string{
			`<p class="lead">Kommuner och ett kommunförbund i jämförelsegrupper med mentorer från tidigare omgångar, och för första gången regioner (Modellregioner). Kommunerna arbetade från februari 2019 till februari 2020, regionerna till december 2020.</p>`,
			`<strong>Fokusområde:</strong> <span>Folkhälsa och social hållbarhet</span>`,
			`<strong>Fokusområde:</strong> <span>Jämställd medborgardialog</span>`,
		}, []string{`lang="sv">Jämställd`}},
		{"/en/organisationer/askersund", []string{`<span class="muted">Ended its participation in spring 2019 (the sources give no date).</span>`}, nil},
	}
	for _, c := range cases {
		status, body := app.get(t, c.path)
		if status != 200 {
			t.Fatalf("GET %s: %d", c.path, status)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s lacks %s", c.path, w)
			}
		}
		for _, w := range c.notWant {
			if strings.Contains(body, w) {
				t.Errorf("GET %s has %s", c.path, w)
			}
		}
	}
}
