// The Go consumer: the stacks of test/languages/reference-app.ts, written in Go.
//
// Usage: go run . <outdir>   (run.sh runs `go test`, whose TestSynth does the same)
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"
	hds "github.com/hardened-demo/cdk-hardened-demo-service-go/cdkhardeneddemoservice"
)

const (
	account       = "123456789012"
	certificateID = "11111111-2222-3333-4444-555555555555"
)

func build(outdir string) awscdk.App {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})

	// DEMO, with one control raised above the preset (customer-managed KMS keys).
	demo := awscdk.NewStack(app, jsii.String("LangTest-Demo"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String("eu-west-1")},
	})
	hds.NewHardenedDemoService(demo, jsii.String("Web"), &hds.HardenedDemoServiceProps{
		HardeningLevel: hds.HardeningLevel_DEMO,
		ContainerPort:  jsii.Number(8080),
		Certificate: awscertificatemanager.Certificate_FromCertificateArn(demo, jsii.String("Certificate"),
			jsii.String(fmt.Sprintf("arn:aws:acm:eu-west-1:%s:certificate/%s", account, certificateID))),
		Image:       hds.ServiceImage_FromRegistry(jsii.String("public.ecr.aws/nginx/nginx:1.27")),
		Environment: &map[string]*string{"GREETING": jsii.String("hello")},
		Overrides:   &hds.HardeningOverrides{CustomerManagedKeys: jsii.Bool(true)},
	})

	// PRODUCTION, with one control relaxed (no VPC flow logs), the sample app (a Docker
	// image asset) and one egress rule.
	production := awscdk.NewStack(app, jsii.String("LangTest-Production"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String("us-east-1")},
	})
	certificate := awscertificatemanager.Certificate_FromCertificateArn(production, jsii.String("Certificate"),
		jsii.String(fmt.Sprintf("arn:aws:acm:us-east-1:%s:certificate/%s", account, certificateID)))
	hds.NewHardenedDemoService(production, jsii.String("Web"), &hds.HardenedDemoServiceProps{
		HardeningLevel:        hds.HardeningLevel_PRODUCTION,
		ContainerPort:         jsii.Number(8080),
		DomainName:            jsii.String("app.example.com"),
		Certificate:           certificate,
		CloudFrontCertificate: certificate,
		Image:                 hds.ServiceImage_SampleApp(),
		MinCapacity:           jsii.Number(2),
		MaxCapacity:           jsii.Number(6),
		LogRetention:          awslogs.RetentionDays_ONE_MONTH,
		TaskEgressAllowList: &[]*hds.TaskEgressRule{{
			Peer:        awsec2.Peer_Ipv4(jsii.String("10.20.0.0/16")),
			Port:        awsec2.Port_Tcp(jsii.Number(5432)),
			Description: jsii.String("PostgreSQL in the shared VPC"),
		}},
		Overrides: &hds.HardeningOverrides{VpcFlowLogs: jsii.Bool(false)},
	})
	return app
}

func main() {
	defer jsii.Close()
	outdir := "cdk.out"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	build(outdir).Synth(nil)
}
