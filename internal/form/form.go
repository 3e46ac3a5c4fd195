// Package form asks, through charmbracelet/huh forms, for what the command
// line of gen new or gen add domain left open. Every answer is checked in
// its field by the same package options functions the flags go through, so
// a bad name is refused where it is typed, not after the form.
//
// The form has two modes: huh's full-screen one on a terminal, and its
// accessible mode (plain numbered prompts, one line per answer) for screen
// readers, dumb terminals and tests.
package form

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/huh"
)

// ErrAborted is returned when the user stops the form: Ctrl-C, Esc, the end
// of input, or "no" to the final confirmation.
var ErrAborted = errors.New("cancelled; nothing was written")

// Config is where a Prompter reads and writes and how it looks.
type Config struct {
	// In and Out are the terminal. In accessible mode In may be any
	// reader: it is read one line per answer.
	In  io.Reader
	Out io.Writer
	// Accessible selects plain line prompts instead of the full-screen form.
	Accessible bool
	// Color allows colour; without it the form uses huh's plain theme.
	Color bool
}

// Prompter asks questions until its context is cancelled.
type Prompter struct {
	ctx    context.Context
	cfg    Config
	lines  *lineReader // accessible mode's input, made on first use
	theme  *huh.Theme
	keymap *huh.KeyMap
}

// New returns a Prompter that stops asking when ctx is cancelled.
func New(ctx context.Context, cfg Config) *Prompter {
	theme := huh.ThemeBase()
	if cfg.Color {
		theme = huh.ThemeCharm()
	}
	keymap := huh.NewDefaultKeyMap()
	keymap.Quit = key.NewBinding(key.WithKeys("ctrl+c", "esc"), key.WithHelp("esc", "quit"))
	return &Prompter{ctx: ctx, cfg: cfg, theme: theme, keymap: keymap}
}

// run shows one form and waits for its answers.
func (p *Prompter) run(groups ...*huh.Group) (err error) {
	f := huh.NewForm(groups...).
		WithTheme(p.theme).
		WithKeyMap(p.keymap).
		WithOutput(p.cfg.Out).
		WithShowHelp(!p.cfg.Accessible)
	if p.cfg.Accessible {
		if p.lines == nil {
			p.lines = newLineReader(p.ctx, p.cfg.In)
		}
		f = f.WithAccessible(true).WithInput(p.lines).WithOutput(untilEnded{p})
	} else {
		f = f.WithInput(p.cfg.In)
	}
	defer func() {
		// huh v1's accessible select indexes its options with the last
		// refused answer when the input ends right after it (a wrong
		// number, then Ctrl-C or Ctrl-D) and panics. Input that has
		// ended is the user stopping the form; any other panic is a bug.
		if r := recover(); r != nil {
			if !p.ended() {
				panic(r)
			}
			err = ErrAborted
		}
	}()
	err = f.RunWithContext(p.ctx)
	switch {
	case p.ctx.Err() != nil, errors.Is(err, huh.ErrUserAborted), errors.Is(err, huh.ErrTimeout):
		return ErrAborted
	case p.ended():
		// Accessible mode cannot tell an answer from the end of input;
		// the reader can.
		return ErrAborted
	case err != nil:
		return fmt.Errorf("form: %w", err)
	}
	return nil
}

// untilEnded writes to the Prompter's output until its input ends:
// accessible mode goes on through the form's remaining fields after
// Ctrl-C, and those prompts would only be noise.
type untilEnded struct{ p *Prompter }

func (w untilEnded) Write(b []byte) (int, error) {
	if w.p.ended() {
		return len(b), nil
	}
	return w.p.cfg.Out.Write(b)
}

// say prints a line between forms: the record of an answer the full-screen
// form clears when it ends.
func (p *Prompter) say(format string, args ...any) {
	fmt.Fprintf(p.cfg.Out, format+"\n", args...)
}

// Confirm shows a summary and asks whether to go on; "no" is ErrAborted.
func (p *Prompter) Confirm(title, summary, question string) error {
	if !p.cfg.Accessible {
		// The full-screen form reads a note as markdown, where _ starts
		// italics: field names such as artist_id must stay as they are.
		summary = markdownEscaper.Replace(summary)
	}
	yes := true
	err := p.run(huh.NewGroup(
		huh.NewNote().Title(title).Description(summary),
		huh.NewConfirm().Title(question).Affirmative("Yes").Negative("No").Value(&yes),
	))
	if err != nil {
		return err
	}
	if !yes {
		return ErrAborted
	}
	return nil
}

// markdownEscaper escapes the characters a huh note gives a meaning.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, "_", `\_`, "*", `\*`, "`", "\\`")
