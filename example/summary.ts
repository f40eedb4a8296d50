import { CloudAssembly } from 'aws-cdk-lib/cx-api';

/** A plain-text account of each stack in an assembly: resources, outputs, warnings. */
export function summarizeAssembly(assembly: CloudAssembly): string {
  const lines: string[] = [`Cloud assembly written to ${assembly.directory}`, ''];
  for (const stack of assembly.stacks) {
    const template = stack.template as { Resources?: Record<string, { Type: string }>; Outputs?: Record<string, { Description?: string }> };
    const resources = Object.values(template.Resources ?? {});
    const byType = new Map<string, number>();
    for (const r of resources) {
      byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);
    }
    const region = stack.environment.region === 'unknown-region' ? 'region-agnostic' : stack.environment.region;
    lines.push(`== ${stack.stackName} (${region}): ${resources.length} resources, template ${stack.templateFile}`);
    for (const [type, count] of [...byType.entries()].sort()) {
      lines.push(`   ${String(count).padStart(3)}  ${type}`);
    }
    for (const [name, output] of Object.entries(template.Outputs ?? {})) {
      lines.push(`   output ${name}: ${output.Description ?? ''}`);
    }
    const warnings = stack.messages.filter((m) => m.level === 'warning');
    lines.push(`   ${warnings.length} synth warning(s)${warnings.length ? ':' : ''}`);
    for (const w of warnings) {
      lines.push(`     - ${String(w.entry.data).replace(/\s+\[ack: [^\]]+\]$/, '')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
