package languagetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import io.github.hardeneddemo.cdkhardeneddemoservice.HardenedDemoService;
import io.github.hardeneddemo.cdkhardeneddemoservice.HardeningLevel;
import io.github.hardeneddemo.cdkhardeneddemoservice.HardeningOverrides;
import io.github.hardeneddemo.cdkhardeneddemoservice.ServiceImage;
import io.github.hardeneddemo.cdkhardeneddemoservice.TaskEgressRule;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.ContainerImage;

class ConsumerTest {
    static final String PORT_MESSAGE =
            "containerPort: 70000 is not allowed. Give a whole number from 1 to 65535 (the port the container listens on).";

    @Test
    void synthesizesBothLevels() {
        String outdir = System.getProperty("outdir", "cdk.out");
        ConsumerApp.build(outdir).synth();
        for (String stack : new String[] {"LangTest-Demo", "LangTest-Production"}) {
            Path template = Paths.get(outdir, stack + ".template.json");
            assertTrue(Files.isRegularFile(template), template + " was written");
        }
    }

    @Test
    void enumsTranslateToJavaEnums() {
        assertEquals(HardeningLevel.DEMO, HardeningLevel.valueOf("DEMO"));
        assertEquals(2, HardeningLevel.values().length);
        Stack stack = new Stack(new App(), "Enums");
        HardenedDemoService service = HardenedDemoService.Builder.create(stack, "Web")
                .hardeningLevel(HardeningLevel.DEMO)
                .image(ServiceImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                .build();
        // An enum value comes back from JavaScript as the Java enum constant.
        assertEquals(HardeningLevel.DEMO, service.getHardeningLevel());
        assertNotNull(service.getUrl());
        // PRODUCTION is the default.
        Stack other = new Stack(new App(), "Default");
        assertEquals(HardeningLevel.PRODUCTION, new HardenedDemoService(other, "Web").getHardeningLevel());
    }

    @Test
    void structsAreBuildersWithGetters() {
        HardeningOverrides overrides = HardeningOverrides.builder().vpcFlowLogs(false).customerManagedKeys(true).build();
        assertEquals(Boolean.FALSE, overrides.getVpcFlowLogs());
        assertEquals(Boolean.TRUE, overrides.getCustomerManagedKeys());
        assertEquals(null, overrides.getWaf());
        TaskEgressRule rule = TaskEgressRule.builder().peer(Peer.ipv4("10.20.0.0/16")).port(Port.tcp(5432)).build();
        assertEquals("10.20.0.0/16", rule.getPeer().getUniqueId());
        assertEquals(null, rule.getDescription());
    }

    @Test
    void everyServiceImageFactoryIsUsable() {
        Stack stack = new Stack(new App(), "Images");
        ServiceImage[] images = {
            ServiceImage.sampleApp(),
            ServiceImage.fromOwnRepository("v1.2.3"),
            ServiceImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"),
            ServiceImage.fromEcrRepository(Repository.fromRepositoryName(stack, "Shared", "platform/web")),
            ServiceImage.fromEcrRepository(Repository.fromRepositoryName(stack, "Pinned", "platform/api"), "v2"),
            ServiceImage.fromContainerImage(ContainerImage.fromRegistry("public.ecr.aws/docker/library/httpd:2.4")),
        };
        int i = 0;
        for (ServiceImage image : images) {
            HardenedDemoService.Builder.create(stack, "Web" + i++).hardeningLevel(HardeningLevel.DEMO).image(image).build();
        }
        RuntimeException bad = assertThrows(RuntimeException.class, () -> ServiceImage.fromOwnRepository("not a tag"));
        assertTrue(bad.getMessage().contains("image (ServiceImage.fromOwnRepository): 'not a tag' is not an image tag or digest."), bad.getMessage());
    }

    @Test
    void outOfRangePortGivesTheTypeScriptMessage() {
        Stack stack = new Stack(new App(), "BadPort");
        RuntimeException error = assertThrows(RuntimeException.class, () -> HardenedDemoService.Builder.create(stack, "Web")
                .hardeningLevel(HardeningLevel.DEMO)
                .containerPort(70000)
                .build());
        System.out.println("[java] " + error.getClass().getName() + ": " + error.getMessage().split("\n")[0]);
        assertTrue(error.getMessage().contains("HardenedDemoService: invalid properties:"), error.getMessage());
        assertTrue(error.getMessage().contains(PORT_MESSAGE), error.getMessage());
    }
}
