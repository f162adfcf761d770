package contracts

import (
	"reflect"

	"github.com/ethereum/go-ethereum/accounts/abi"
)

// reflectOf returns a pointer-free zero value of t's Go type for abi.ConvertType.
func reflectOf(t abi.Type) any { return reflect.New(t.GetType()).Elem().Interface() }
