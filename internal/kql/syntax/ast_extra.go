package syntax

// Methods of nodes added after ast.go was first written, kept here so
// that ast.go's aligned method blocks stay untouched.

func (x *ExternalDataExpr) Pos() Pos { return x.Keyword }
func (x *ExternalDataExpr) End() Pos { return x.EndPos }
func (*ExternalDataExpr) exprNode()  {}
