import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';
import { ReportRefInput } from '../reports/report.inputs.js';
import { PositionField } from '../graphql/mutation-fields.js';

@ObjectType({
  description: "The reporter's identity as they gave it; every field null and erased true once it was erased",
})
export class ReporterIdentityView {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) nik!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) personalDetails!: string | null;
  @Field({ description: "True when the reporter's data was erased (its key destroyed)" }) erased!: boolean;
}

@ObjectType()
export class RevealedIdentity {
  @Field({
    description:
      "Whose data this is: the subject it is sealed under, the owner's principal (reporter:<sub>, integrator:<id>/ref:<reporterRef>) or a guest principal (what eraseReporterData and reporterDataAccessLog take)",
  })
  reporterId!: string;
  @Field(() => ReporterIdentityView) identity!: ReporterIdentityView;
  @PositionField() position!: string | null;
}

@ObjectType()
export class ErasureResult {
  @Field({
    description:
      'The subject erased: the reporter principal (reporter:<sub>) for a reporter, whatever form they named it in',
  })
  reporterId!: string;
  @Field({ description: 'False when there was no key left to destroy (nothing stored, or erased before)' })
  keyDestroyed!: boolean;
  @PositionField() position!: string | null;
}

@ObjectType({ description: "One access to a reporter's personal data, or its erasure" })
export class ReporterDataAccess {
  @Field() type!: string;
  @Field() at!: string;
  @Field() actorId!: string;
  @Field() actorRole!: string;
  @Field(() => String, { nullable: true }) trackingId!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@InputType()
export class RevealIdentityInput extends ReportRefInput {
  @Field({ description: 'Why the identity is needed; recorded with the access' })
  @IsString()
  @Length(10, 500)
  reason!: string;
}
