package web

func describedBy(id, hint string, errs Errors) string {
	s := ""
	if hint != "" {
		s = id + "-hint"
	}
	if errs.Get(id) != "" {
		if s != "" {
			s += " "
		}
		s += id + "-error"
	}
	return s
}
