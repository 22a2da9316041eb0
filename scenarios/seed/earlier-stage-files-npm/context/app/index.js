console.log('hello from dockerfile-sim');
