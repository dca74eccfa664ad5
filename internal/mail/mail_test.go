package mail

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

func TestMessageEncodesSwedishSubject(t *testing.T) {
	m := Invitation("Åsa Öberg", "asa@umea.example", "https://portal.example/inbjudan/abc", time.Now())
	raw := string(Message("portal@skr.example", m, time.Now()))
	for _, want := range []string{"From: portal@skr.example\r\n", "To: asa@umea.example\r\n", "Subject: Inbjudan till Modellportalen\r\n",
		"Content-Type: text/plain; charset=utf-8\r\n", "\r\n\r\nHej Åsa Öberg!\r\n", "https://portal.example/inbjudan/abc\r\n"} {
		if !strings.Contains(raw, want) {
			t.Errorf("message lacks %q:\n%s", want, raw)
		}
	}
}

// Without SMTP nothing is sent and no link is logged: the mail waits in the
// outbox, where an admin of a development set-up reads it.
func TestSenderWithoutSMTPLeavesMailInTheOutbox(t *testing.T) {
	ctx := context.Background()
	st := store.New(testdb.New(t))
	var log strings.Builder
	s := NewSender(st, SMTPConfig{}, slog.New(slog.NewTextHandler(&log, nil)))
	const link = "https://portal.example/inbjudan/hemlig-token-1234567890"
	if err := store.EnqueueMail(ctx, st.Pool, Invitation("Åsa", "a@example.se", link, time.Now())); err != nil {
		t.Fatal(err)
	}
	s.Notify()
	n, err := s.DeliverDue(ctx)
	if err != nil || n != 0 {
		t.Fatalf("DeliverDue = %d, %v; want nothing delivered", n, err)
	}
	if strings.Contains(log.String(), "hemlig-token") {
		t.Errorf("the log holds the link: %s", log.String())
	}
	msgs, _ := st.Outbox(ctx, 10)
	if len(msgs) != 1 || msgs[0].SentAt != nil || !strings.Contains(msgs[0].Body, link) {
		t.Errorf("outbox = %+v; want the mail waiting with its link", msgs)
	}
}

// Once delivered, the stored mail keeps no live link.
func TestDeliveredMailLosesItsLinks(t *testing.T) {
	ctx := context.Background()
	st := store.New(testdb.New(t))
	const link = "https://portal.example/aterstall/hemlig-token-1234567890"
	if err := store.EnqueueMail(ctx, st.Pool, PasswordReset("Åsa", "a@example.se", link, time.Now())); err != nil {
		t.Fatal(err)
	}
	var sent string
	n, err := st.DeliverOutbox(ctx, 10, func(m portal.OutboxMessage) (string, error) { sent = m.Body; return "smtp", nil })
	if err != nil || n != 1 || !strings.Contains(sent, link) {
		t.Fatalf("delivered %d, %v; the sender got %q", n, err, sent)
	}
	msgs, _ := st.Outbox(ctx, 10)
	if len(msgs) != 1 || strings.Contains(msgs[0].Body, "hemlig-token") || !strings.Contains(msgs[0].Body, store.LinkRemoved) ||
		!strings.Contains(msgs[0].Body, "Hej Åsa!") {
		t.Errorf("stored after delivery: %q", msgs[0].Body)
	}
}

func TestSenderRetriesFailedSMTP(t *testing.T) {
	ctx := context.Background()
	st := store.New(testdb.New(t))
	// Nothing listens on port 1, so delivery fails and is retried later.
	s := NewSender(st, SMTPConfig{Host: "127.0.0.1", Port: "1", From: "p@example.se"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	_ = store.EnqueueMail(ctx, st.Pool, portal.Mail{To: "a@example.se", Subject: "Hej", Body: "x"})
	if n, err := s.DeliverDue(ctx); err != nil || n != 0 {
		t.Fatalf("DeliverDue = %d, %v", n, err)
	}
	msgs, _ := st.Outbox(ctx, 10)
	if msgs[0].Attempts != 1 || msgs[0].LastError == "" || msgs[0].SentAt != nil {
		t.Errorf("after a failure: %+v", msgs[0])
	}
}

func TestMessageEncodesNonASCIISubject(t *testing.T) {
	raw := string(Message("p@example.se", portal.Mail{To: "a@example.se", Subject: "Återställ lösenord", Body: "x"}, time.Now()))
	if !strings.Contains(raw, "Subject: =?utf-8?q?") {
		t.Errorf("subject not encoded:\n%s", raw)
	}
}
