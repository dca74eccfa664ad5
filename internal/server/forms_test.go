package server

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

// pageForm is one <form> of a rendered page: where it posts and the values
// a browser would send for it unchanged.
type pageForm struct {
	Action, Method string
	Values         url.Values
	// Fields are the names of every input, select and textarea, in page
	// order, hidden ones included.
	Fields []string
}

var (
	formRE    = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	controlRE = regexp.MustCompile(`(?s)<input\b([^>]*)>|<select\b([^>]*)>(.*?)</select>|<textarea\b([^>]*)>(.*?)</textarea>`)
	optionRE  = regexp.MustCompile(`<option\b([^>]*)>`)
	attrRE    = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
)

// attrs reads a tag's attributes; a bare attribute such as checked maps to "".
func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRE.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2] + m[3] + m[4])
	}
	return out
}

// formsOf parses the forms of a page rendered by our templ components. It
// is no general HTML parser: enough for markup whose shape we control.
func formsOf(page string) []pageForm {
	var forms []pageForm
	for _, fm := range formRE.FindAllStringSubmatch(page, -1) {
		fa := attrs(fm[1])
		f := pageForm{Action: fa["action"], Method: strings.ToUpper(fa["method"]), Values: url.Values{}}
		if f.Method == "" {
			f.Method = "GET"
		}
		seen := map[string]bool{}
		for _, c := range controlRE.FindAllStringSubmatch(fm[2], -1) {
			var name string
			switch {
			case c[1] != "" || strings.HasPrefix(c[0], "<input"):
				a := attrs(c[1])
				name = a["name"]
				if name == "" {
					break
				}
				switch strings.ToLower(a["type"]) {
				case "checkbox", "radio":
					if _, on := a["checked"]; on {
						f.Values.Add(name, valueOr(a, "on"))
					}
				case "submit", "button", "file", "image", "reset":
				default:
					f.Values.Add(name, a["value"])
				}
			case strings.HasPrefix(c[0], "<select"):
				a := attrs(c[2])
				name = a["name"]
				if name == "" {
					break
				}
				first, chosen := "", []string{}
				for i, o := range optionRE.FindAllStringSubmatch(c[3], -1) {
					oa := attrs(o[1])
					if i == 0 {
						first = oa["value"]
					}
					if _, sel := oa["selected"]; sel {
						chosen = append(chosen, oa["value"])
					}
				}
				if len(chosen) == 0 {
					if _, multi := a["multiple"]; !multi {
						chosen = []string{first}
					}
				}
				for _, v := range chosen {
					f.Values.Add(name, v)
				}
			default:
				a := attrs(c[4])
				name = a["name"]
				if name != "" {
					f.Values.Add(name, html.UnescapeString(strings.TrimPrefix(c[5], "\n")))
				}
			}
			if name != "" && !seen[name] {
				seen[name] = true
				f.Fields = append(f.Fields, name)
			}
		}
		forms = append(forms, f)
	}
	return forms
}

func valueOr(a map[string]string, def string) string {
	if v, ok := a["value"]; ok {
		return v
	}
	return def
}

// formTo returns the form on the page at path that posts to action, if
// any; a form without an action posts to its own page.
func formTo(page, path, action string) (pageForm, bool) {
	for _, f := range formsOf(page) {
		if f.Action == "" {
			f.Action = path
		}
		if f.Method == "POST" && f.Action == action {
			return f, true
		}
	}
	return pageForm{}, false
}
