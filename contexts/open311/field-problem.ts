/** Why one parameter of an Open311 call is refused: the parameter as the client named it, and what is wrong. */
export interface FieldProblem {
  field: string;
  description: string;
}
