package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	hds "github.com/hardened-demo/cdk-hardened-demo-service-go/cdkhardeneddemoservice"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// TestSynth writes the consumer's cloud assembly to $LANGUAGES_OUTDIR (run.sh compares it).
func TestSynth(t *testing.T) {
	outdir := os.Getenv("LANGUAGES_OUTDIR")
	if outdir == "" {
		outdir = t.TempDir()
	}
	build(outdir).Synth(nil)
	for _, stack := range []string{"LangTest-Demo", "LangTest-Production"} {
		if _, err := os.Stat(filepath.Join(outdir, stack+".template.json")); err != nil {
			t.Fatalf("%s was not written: %v", stack, err)
		}
	}
}

func TestEnumRoundTrip(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Enums"), nil)
	service := hds.NewHardenedDemoService(stack, jsii.String("Web"), &hds.HardenedDemoServiceProps{
		HardeningLevel: hds.HardeningLevel_DEMO,
		Image:          hds.ServiceImage_FromOwnRepository(jsii.String("v1.2.3")),
	})
	if service.HardeningLevel() != hds.HardeningLevel_DEMO {
		t.Fatalf("HardeningLevel() = %v", service.HardeningLevel())
	}
}

func TestOutOfRangePortGivesTheTypeScriptMessage(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("BadPort"), nil)
	message := func() (message string) {
		defer func() { message = fmt.Sprint(recover()) }()
		hds.NewHardenedDemoService(stack, jsii.String("Web"), &hds.HardenedDemoServiceProps{
			HardeningLevel: hds.HardeningLevel_DEMO,
			ContainerPort:  jsii.Number(70000),
		})
		return ""
	}()
	for _, want := range []string{
		"HardenedDemoService: invalid properties:",
		"containerPort: 70000 is not allowed. Give a whole number from 1 to 65535 (the port the container listens on).",
	} {
		if !strings.Contains(message, want) {
			t.Fatalf("panic %q does not contain %q", message, want)
		}
	}
}
