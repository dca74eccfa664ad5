// Package mail writes the portal's e-mail and delivers it from the outbox
// by SMTP. Without an SMTP server (a development set-up) mail is not sent
// but waits in the outbox, where admins read it in the portal.
package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// Invitation is the mail that invites a person to set a password.
func Invitation(name, email, link string, expires time.Time) portal.Mail {
	return portal.Mail{
		To:      email,
		Subject: "Inbjudan till Modellportalen",
		Body: fmt.Sprintf(`Hej %s!

Du har bjudits in till Modellportalen, SKR:s portal för Modellkonceptet för jämställdhet.

Välj ditt lösenord via länken nedan. Länken fungerar en gång och gäller till %s.

%s

Om du inte väntade dig den här inbjudan kan du bortse från meddelandet.

Vänliga hälsningar
Sveriges Kommuner och Regioner
`, name, expires.In(stockholm()).Format("2006-01-02 15:04"), link),
	}
}

// PasswordReset is the mail with a link to choose a new password.
func PasswordReset(name, email, link string, expires time.Time) portal.Mail {
	return portal.Mail{
		To:      email,
		Subject: "Återställ ditt lösenord till Modellportalen",
		Body: fmt.Sprintf(`Hej %s!

Någon, förhoppningsvis du, har bett om att få återställa lösenordet till ditt konto i Modellportalen.

Välj ett nytt lösenord via länken nedan. Länken fungerar en gång och gäller till %s.

%s

Om du inte bad om detta kan du bortse från meddelandet; ditt lösenord är oförändrat.

Vänliga hälsningar
Sveriges Kommuner och Regioner
`, name, expires.In(stockholm()).Format("2006-01-02 15:04"), link),
	}
}

func stockholm() *time.Location {
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		return loc
	}
	return time.UTC
}

// SMTPConfig says where to deliver mail. With Host empty, mail is logged
// instead of sent.
type SMTPConfig struct {
	Host     string
	Port     string // default 587; 465 means TLS from the start
	User     string
	Password string
	From     string // the sender address, e.g. modellportalen@skr.se
}

// Sender delivers the outbox.
type Sender struct {
	Store    *store.Store
	SMTP     SMTPConfig
	Log      *slog.Logger
	Interval time.Duration // how often to look for due mail; default 10s
	// Failed, if set, is called after each failed attempt to send (metrics).
	Failed func()
	wake   chan struct{}
}

// NewSender returns a sender; Run starts it.
func NewSender(st *store.Store, cfg SMTPConfig, log *slog.Logger) *Sender {
	return &Sender{Store: st, SMTP: cfg, Log: log, Interval: 10 * time.Second, wake: make(chan struct{}, 1)}
}

// Notify wakes the sender to deliver new mail now rather than at its next
// round. It never blocks.
func (s *Sender) Notify() {
	if s.SMTP.Host == "" {
		s.Log.Info("mail queued but not sent: no SMTP_HOST is configured; admins read it at /personal/utkorg")
		return
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers due mail until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.Interval)
	defer t.Stop()
	for {
		if _, err := s.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("deliver outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

// DeliverDue delivers every due message once and returns how many went.
// Without SMTP it delivers nothing: the mail waits in the outbox, where an
// admin reads it, and its links stay out of the log.
func (s *Sender) DeliverDue(ctx context.Context) (int, error) {
	if s.SMTP.Host == "" {
		return 0, nil
	}
	return s.Store.DeliverOutbox(ctx, 100, s.deliver)
}

func (s *Sender) deliver(m portal.OutboxMessage) (string, error) {
	if err := s.sendSMTP(m); err != nil {
		s.Log.Warn("send mail", "to", m.To, "attempt", m.Attempts+1, "err", err)
		if s.Failed != nil {
			s.Failed()
		}
		return "", err
	}
	return "smtp", nil
}

// Message renders m as an RFC 5322 message with UTF-8 text.
func Message(from string, m portal.Mail, now time.Time) []byte {
	var b strings.Builder
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from)
	header("To", m.To)
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", now.Format(time.RFC1123Z))
	header("MIME-Version", "1.0")
	text := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	if m.Attachment == nil {
		header("Content-Type", "text/plain; charset=utf-8")
		header("Content-Transfer-Encoding", "8bit")
		b.WriteString("\r\n")
		b.WriteString(text)
		return []byte(b.String())
	}
	// The text and the attachment as multipart/mixed; a calendar part is
	// also what mail programs offer to add to the calendar.
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	header("Content-Type", `multipart/mixed; boundary="`+w.Boundary()+`"`)
	b.WriteString("\r\n")
	tp, _ := w.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}, "Content-Transfer-Encoding": {"8bit"}})
	_, _ = tp.Write([]byte(text))
	ap, _ := w.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {m.AttachmentType + `; charset=utf-8; name="` + m.AttachmentName + `"`},
		"Content-Disposition":       {`attachment; filename="` + m.AttachmentName + `"`},
		"Content-Transfer-Encoding": {"base64"},
	})
	enc := base64.StdEncoding.EncodeToString(m.Attachment)
	for len(enc) > 76 {
		_, _ = ap.Write([]byte(enc[:76] + "\r\n"))
		enc = enc[76:]
	}
	_, _ = ap.Write([]byte(enc + "\r\n"))
	_ = w.Close()
	b.Write(body.Bytes())
	return []byte(b.String())
}

func (s *Sender) sendSMTP(m portal.OutboxMessage) error {
	if strings.ContainsAny(m.To, "\r\n") {
		return fmt.Errorf("%w: bad recipient", store.ErrGiveUp)
	}
	port := s.SMTP.Port
	if port == "" {
		port = "587"
	}
	addr := net.JoinHostPort(s.SMTP.Host, port)
	var auth smtp.Auth
	if s.SMTP.User != "" {
		auth = smtp.PlainAuth("", s.SMTP.User, s.SMTP.Password, s.SMTP.Host)
	}
	msg := Message(s.SMTP.From, m.Mail, time.Now())
	if port != "465" {
		// SendMail upgrades with STARTTLS when the server offers it, and
		// PlainAuth refuses to send a password unencrypted except to localhost.
		return smtp.SendMail(addr, auth, s.SMTP.From, []string{m.To}, msg)
	}
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 30 * time.Second}, "tcp", addr, &tls.Config{ServerName: s.SMTP.Host})
	if err != nil {
		return err
	}
	c, err := smtp.NewClient(conn, s.SMTP.Host)
	if err != nil {
		return err
	}
	defer c.Close()
	if auth != nil {
		if err := c.Auth(auth); err != nil {
			return err
		}
	}
	if err := c.Mail(s.SMTP.From); err != nil {
		return err
	}
	if err := c.Rcpt(m.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	return errors.Join(w.Close(), c.Quit())
}
