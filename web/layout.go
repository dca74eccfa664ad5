package web

// Page is what every page tells the layout.
type Page struct {
	Title string // the page's own title; the layout adds the portal's name
	Nav   string // which main navigation item is current: "home", "rounds", "organisations"
}

func fullTitle(p Page) string {
	if p.Title == "" {
		return "Modellportalen – SKR"
	}
	return p.Title + " – Modellportalen – SKR"
}

func navCurrent(p Page, item string) string {
	if p.Nav == item {
		return "page"
	}
	return ""
}
