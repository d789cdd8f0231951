import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  ESCALATION_REASONS,
  FINDING_OUTCOMES,
  REJECTION_REASONS,
  REPORT_KINDS,
} from '../../contexts/reports/report.events.js';
import {
  ChannelEnum,
  EscalationReasonEnum,
  FindingOutcomeEnum,
  RejectionReasonEnum,
  ReportKindEnum,
} from '../graphql/enums.js';
import { IdempotencyKeyField } from '../graphql/mutation-fields.js';

const TEXT = 5000;

@InputType()
export class LocationInput {
  @Field(() => String, { nullable: true, description: 'Kemendagri region code, e.g. 13.76 (Kota Payakumbuh)' })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, {
    message: 'regionCode must be a Kemendagri code such as 13 or 13.76',
  })
  regionCode?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 500) address?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLatitude() lat?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLongitude() lon?: number | null;
}

@InputType({ description: 'A file kept elsewhere; the service stores the reference and never fetches it' })
export class AttachmentInput {
  @Field() @IsString() @Length(1, 255) name!: string;
  @Field()
  @Matches(/^[a-z]+\/[a-z0-9.+-]+$/i, { message: 'mediaType must be a media type such as image/jpeg' })
  mediaType!: string;
  @Field(() => Int) @IsInt() @Min(1) @Max(100 * 1024 * 1024) size!: number;
  @Field() @Matches(/^[a-f0-9]{64}$/, { message: 'sha256 must be 64 lower-case hex digits' }) sha256!: string;
  @Field({ description: 'A URL with a scheme ATTACHMENT_URL_SCHEMES allows (https by default)' })
  @IsUrl(
    { require_protocol: true, require_valid_protocol: false, require_tld: false },
    { message: 'url must be an absolute URL such as https://files.example.go.id/a.jpg' },
  )
  @Length(1, 2000)
  url!: string;
}

@InputType({
  description:
    "The reporter's identity: personal data, encrypted before it is stored and shown only as the access matrix allows",
})
export class ReporterIdentityInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 200) name?: string | null;
  @Field(() => String, { nullable: true, description: 'Nomor Induk Kependudukan: 16 digits' })
  @IsOptional()
  @Matches(/^\d{16}$/, { message: 'nik must be 16 digits' })
  nik?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 ()-]{5,24}$/, { message: 'phone must be a phone number such as +62 812 3456 7890' })
  phone?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  email?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Free text the reporter marks personal (an address, a family situation...)',
  })
  @IsOptional()
  @IsString()
  @Length(1, TEXT)
  personalDetails?: string | null;
}

@InputType()
export class SubmitReportInput {
  @Field(() => ReportKindEnum, { defaultValue: 'COMPLAINT' }) @IsIn(REPORT_KINDS) kind!: (typeof REPORT_KINDS)[number];
  @Field() @IsString() @Length(5, 200) title!: string;
  @Field() @IsString() @Length(10, 10_000) description!: string;
  @Field(() => String, { nullable: true, description: 'A category code of the taxonomy, if the reporter knows it' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  category?: string | null;
  @Field(() => ChannelEnum, { defaultValue: 'WEB' }) @IsIn(CHANNELS) channel!: (typeof CHANNELS)[number];
  @Field(() => LocationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput | null;
  @Field(() => [AttachmentInput], { defaultValue: [] })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AttachmentInput)
  attachments!: AttachmentInput[];
  @Field({ defaultValue: false }) @IsBoolean() anonymous!: boolean;
  @Field({ defaultValue: false }) @IsBoolean() confidential!: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      "An integrator's pseudonymous reference to the reporter (a REPORTER's own id is taken from the token); contact data goes in reporter",
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(/^(?!.*@)(?!.*\d{8})/, {
    message:
      'reporterRef must be a pseudonymous reference, not an email address, phone number or NIK: send those in reporter, where they are encrypted',
  })
  reporterRef?: string | null;
  @Field(() => ReporterIdentityInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterIdentityInput)
  reporter?: ReporterIdentityInput | null;
  @IdempotencyKeyField('Retrying with the same key returns the same report instead of a second one')
  idempotencyKey?: string | null;
}

@InputType()
export class ReportRefInput {
  @Field({ description: 'The tracking id, as typed (case, spaces and dashes do not matter)' })
  @IsString()
  @Length(4, 20)
  trackingId!: string;
}

@InputType()
export class RequestClarificationInput extends ReportRefInput {
  @Field() @IsString() @Length(1, TEXT) question!: string;
}

@InputType()
export class ProvideClarificationInput extends ReportRefInput {
  @Field() @IsString() @Length(1, TEXT) answer!: string;
  @Field(() => [AttachmentInput], { defaultValue: [] })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AttachmentInput)
  attachments!: AttachmentInput[];
}

@InputType()
export class VerifyReportInput extends ReportRefInput {
  @Field({ description: 'The final category code' }) @IsString() @Length(1, 60) category!: string;
  @Field(() => ReportKindEnum, { nullable: true }) @IsOptional() @IsIn(REPORT_KINDS) kind?:
    (typeof REPORT_KINDS)[number] | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() anonymous?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() confidential?: boolean | null;
}

@InputType()
export class RejectReportInput extends ReportRefInput {
  @Field(() => RejectionReasonEnum) @IsIn(REJECTION_REASONS) reason!: (typeof REJECTION_REASONS)[number];
  @Field(() => String, { nullable: true, description: 'For DUPLICATE: the tracking id of the original' })
  @IsOptional()
  @IsString()
  @Length(4, 20)
  duplicateOf?: string | null;
  @Field(() => String, { nullable: true, description: 'For OTHER: the explanation' })
  @IsOptional()
  @IsString()
  @Length(1, TEXT)
  text?: string | null;
}

@InputType()
export class RouteReportInput extends ReportRefInput {
  @Field() @IsUUID() agencyId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUUID() unitId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, TEXT) note?: string | null;
}

@InputType()
export class ReasonInput extends ReportRefInput {
  @Field() @IsString() @Length(1, TEXT) reason!: string;
}

@InputType()
export class OptionalReasonInput extends ReportRefInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, TEXT) reason?: string | null;
}

@InputType()
export class MessageInput extends ReportRefInput {
  @Field() @IsString() @Length(1, TEXT) message!: string;
  @Field(() => [AttachmentInput], { defaultValue: [] })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AttachmentInput)
  attachments!: AttachmentInput[];
}

@InputType()
export class InternalNoteInput extends ReportRefInput {
  @Field() @IsString() @Length(1, TEXT) note!: string;
}

@InputType()
export class AcceptResolutionInput extends ReportRefInput {
  @Field(() => Int, { description: 'Satisfaction from 1 to 5' }) @IsInt() @Min(1) @Max(5) rating!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, TEXT) comment?: string | null;
}

@InputType()
export class EscalateInput extends ReportRefInput {
  @Field(() => EscalationReasonEnum) @IsIn(ESCALATION_REASONS) reason!: (typeof ESCALATION_REASONS)[number];
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, TEXT) note?: string | null;
}

@InputType()
export class OmbudsmanFindingInput extends ReportRefInput {
  @Field() @IsString() @Length(1, TEXT) finding!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, TEXT) recommendation?: string | null;
  @Field(() => FindingOutcomeEnum) @IsIn(FINDING_OUTCOMES) outcome!: (typeof FINDING_OUTCOMES)[number];
}
