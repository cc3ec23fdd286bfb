package otelagentops

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"go.opentelemetry.io/otel/propagation"

	"github.com/agentops-go/sdk/semconv"
)

// TestNilSessionMethodsAreNoOps: StartSession returns a nil *Session with
// ErrSessionActive, and the usual defer s.End(...) then used to panic. Every
// exported method, found by reflection so that a new one is covered too,
// must neither panic nor succeed on a nil *Session: those with an error
// return one wrapping ErrNoActiveSession.
func TestNilSessionMethodsAreNoOps(t *testing.T) {
	r := newRecorded(t)
	_, first, err := r.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, s, err := r.client.StartSession(context.Background())
	if !errors.Is(err, ErrSessionActive) || s != nil {
		t.Fatalf("second StartSession: %v, %v; want nil and ErrSessionActive", s, err)
	}
	defer func() { _ = first.End(context.Background(), semconv.EndStateSuccess) }()

	typ := reflect.TypeFor[*Session]()
	nilSession := reflect.Zero(typ)
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		t.Run(m.Name, func(t *testing.T) {
			args := []reflect.Value{nilSession}
			for j := 1; j < m.Type.NumIn(); j++ {
				in := m.Type.In(j)
				switch {
				case m.Type.IsVariadic() && j == m.Type.NumIn()-1:
					continue
				case in == reflect.TypeFor[context.Context]():
					args = append(args, reflect.ValueOf(context.Background()))
				case in == reflect.TypeFor[propagation.TextMapCarrier]():
					args = append(args, reflect.ValueOf(propagation.MapCarrier{}))
				case in == reflect.TypeFor[semconv.EndState]():
					args = append(args, reflect.ValueOf(semconv.EndStateSuccess))
				default:
					args = append(args, reflect.Zero(in))
				}
			}
			var out []reflect.Value
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("(*Session)(nil).%s panicked: %v", m.Name, p)
					}
				}()
				out = m.Func.Call(args)
			}()
			for _, v := range out {
				if v.Type() == reflect.TypeFor[error]() {
					if err, _ := v.Interface().(error); !errors.Is(err, ErrNoActiveSession) {
						t.Errorf("(*Session)(nil).%s returned %v, want an error wrapping ErrNoActiveSession", m.Name, err)
					}
				}
			}
		})
	}
	// The session the context carries stays the caller's: a nil session's
	// ContextWith adds none.
	if got := SessionFromContext(s.ContextWith(context.Background())); got != nil {
		t.Errorf("nil session's ContextWith carries %v", got)
	}
}
