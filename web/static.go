// Package web holds the portal's templ components and its static assets.
// Components take plain view values and never touch the database.
package web

import "embed"

// Static holds the CSS and other assets served under /static/.
//
//go:embed static
var Static embed.FS
