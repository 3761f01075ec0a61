using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Cli.Tests.Organization;

/// <summary>Answers in the two wire protocols the fakes speak: JSON 1.1 (CloudWatch Logs, Organizations) and query/XML (EC2, STS).</summary>
public static class FakeAwsAnswers
{
    public const string JsonContentType = "application/x-amz-json-1.1";

    public static IResult Json(JsonObject answer) => Results.Text(answer.ToJsonString(), JsonContentType);

    /// <summary>A JSON 1.1 error as the services send it: <c>{"__type": "Code", "message": "..."}</c>, 400 unless said.</summary>
    public static IResult JsonError(string type, string message, int status = 400) =>
        Results.Text(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), JsonContentType, statusCode: status);

    public static IResult Xml(string xml) => Results.Text(xml, "text/xml", Encoding.UTF8);

    /// <summary>EC2's error document: <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;&lt;Code&gt;</c>.</summary>
    public static IResult Ec2Error(int status, string code, string message) =>
        Results.Text(
            $"<Response><Errors><Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error></Errors><RequestID>r-1</RequestID></Response>",
            "text/xml",
            Encoding.UTF8,
            status);

    /// <summary>STS's (and IAM's) error document: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type&gt;Sender</c>.</summary>
    public static IResult StsError(int status, string code, string message) =>
        Results.Text(
            $"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>",
            "text/xml",
            Encoding.UTF8,
            status);

    public static string Element(string name, string? value) =>
        value is null ? "" : $"<{name}>{SecurityElement.Escape(value)}</{name}>";
}
