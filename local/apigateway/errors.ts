/**
 * The template asks for API Gateway behaviour the local gateway cannot give. Every problem found
 * is listed in one error, each naming the resource type and logical id, so a start-up failure
 * says all that is wrong at once.
 */
class ApiGatewayTemplateError extends Error {
  override readonly name = 'ApiGatewayTemplateError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`The local API Gateway cannot run this template:\n- ${problems.join('\n- ')}`);
    this.problems = problems;
  }
}

export { ApiGatewayTemplateError };
