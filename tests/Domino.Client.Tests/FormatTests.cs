using Domino.Client.Text;

namespace Domino.Client.Tests;

public class FormatTests
{
    [Theory]
    [InlineData(0.4, "400 ms")]
    [InlineData(12.5, "12.5 s")]
    [InlineData(185, "3 min 5 s")]
    [InlineData(3723, "1 h 2 min")]
    [InlineData(90000, "25 h 0 min")]
    public void Durations_are_written_one_way_for_people(double seconds, string expected) =>
        Assert.Equal(expected, DominoFormat.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_negative_duration_is_written_as_zero() =>
        Assert.Equal("0 ms", DominoFormat.Duration(TimeSpan.FromSeconds(-3)));

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(12L * 1024 * 1024, "12.0 MB")]
    [InlineData(2L * 1024 * 1024 * 1024, "2.00 GB")]
    public void Sizes_are_written_one_way_for_people(long bytes, string expected) =>
        Assert.Equal(expected, DominoFormat.Size(bytes));
}
