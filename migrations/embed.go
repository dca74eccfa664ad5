// Package migrations holds the database schema as numbered golang-migrate
// files. They are embedded so the binary migrates its database at start-up
// without needing the source tree.
package migrations

import "embed"

// FS holds every *.up.sql and *.down.sql file.
//
//go:embed *.sql
var FS embed.FS
