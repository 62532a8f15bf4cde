Console.WriteLine("RenderToWav");
