package languagetest;

import java.util.List;
import java.util.Map;

import io.github.hardeneddemo.cdkhardeneddemoservice.HardenedDemoService;
import io.github.hardeneddemo.cdkhardeneddemoservice.HardeningLevel;
import io.github.hardeneddemo.cdkhardeneddemoservice.HardeningOverrides;
import io.github.hardeneddemo.cdkhardeneddemoservice.ServiceImage;
import io.github.hardeneddemo.cdkhardeneddemoservice.TaskEgressRule;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The Java consumer: the stacks of test/languages/reference-app.ts, written in Java. */
public final class ConsumerApp {
    static final String ACCOUNT = "123456789012";
    static final String CERTIFICATE_ID = "11111111-2222-3333-4444-555555555555";

    private ConsumerApp() {
    }

    public static App build(final String outdir) {
        App app = new App(AppProps.builder().outdir(outdir).build());

        // DEMO, with one control raised above the preset (customer-managed KMS keys).
        Stack demo = new Stack(app, "LangTest-Demo", StackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region("eu-west-1").build())
                .build());
        HardenedDemoService.Builder.create(demo, "Web")
                .hardeningLevel(HardeningLevel.DEMO)
                .containerPort(8080)
                .certificate(Certificate.fromCertificateArn(demo, "Certificate",
                        "arn:aws:acm:eu-west-1:" + ACCOUNT + ":certificate/" + CERTIFICATE_ID))
                .image(ServiceImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                .environment(Map.of("GREETING", "hello"))
                .overrides(HardeningOverrides.builder().customerManagedKeys(true).build())
                .build();

        // PRODUCTION, with one control relaxed (no VPC flow logs), the sample app (a Docker
        // image asset) and one egress rule.
        Stack production = new Stack(app, "LangTest-Production", StackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region("us-east-1").build())
                .build());
        ICertificate certificate = Certificate.fromCertificateArn(production, "Certificate",
                "arn:aws:acm:us-east-1:" + ACCOUNT + ":certificate/" + CERTIFICATE_ID);
        HardenedDemoService.Builder.create(production, "Web")
                .hardeningLevel(HardeningLevel.PRODUCTION)
                .containerPort(8080)
                .domainName("app.example.com")
                .certificate(certificate)
                .cloudFrontCertificate(certificate)
                .image(ServiceImage.sampleApp())
                .minCapacity(2)
                .maxCapacity(6)
                .logRetention(RetentionDays.ONE_MONTH)
                .taskEgressAllowList(List.of(TaskEgressRule.builder()
                        .peer(Peer.ipv4("10.20.0.0/16"))
                        .port(Port.tcp(5432))
                        .description("PostgreSQL in the shared VPC")
                        .build()))
                .overrides(HardeningOverrides.builder().vpcFlowLogs(false).build())
                .build();
        return app;
    }

    public static void main(final String[] args) {
        build(args.length > 0 ? args[0] : "cdk.out").synth();
    }
}
